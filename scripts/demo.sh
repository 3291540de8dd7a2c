#!/usr/bin/env bash
# `npm run demo`: not built yet (issue #6). It fails rather than pretend.
echo "npm run demo: the guided demo is not implemented yet (see issue #6)." >&2
exit 1
