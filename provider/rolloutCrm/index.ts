export { rolloutCrmBackend } from "./person";
export { rolloutCrmService } from "./service";
