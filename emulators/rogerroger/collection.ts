/**
 * Hydra collections as API Platform 4 renders them without the `hydra:` prefix (the API's examples):
 * `member`, `totalItems`, `view`, `search`. Paging follows API Platform's defaults as
 * RogerRoger configures them: `page` (from 1), `itemsPerPage` (default 15, clamped to 30).
 */
import { ReplyError, type ApiRequest } from "../core/types";
import { problem } from "./errors";

export const DEFAULT_ITEMS_PER_PAGE = 15;
export const MAX_ITEMS_PER_PAGE = 30;

export interface Paging {
  readonly page: number;
  readonly itemsPerPage: number;
}

/** PHP casts the parameters with `(int)`: "2abc" is 2 and "abc" is 0. */
function phpInt(value: string): number {
  const n = Number.parseInt(value, 10);
  return Number.isNaN(n) ? 0 : n;
}

export function paging(req: ApiRequest): Paging {
  const rawPage = req.query.get("page");
  const rawSize = req.query.get("itemsPerPage");
  const page = rawPage === null ? 1 : phpInt(rawPage);
  if (page < 1) throw new ReplyError(problem(400, "Page should not be less than 1"));
  const size = rawSize === null ? DEFAULT_ITEMS_PER_PAGE : phpInt(rawSize);
  if (size < 0) throw new ReplyError(problem(400, "Item per page parameter should not be less than 0"));
  return { page, itemsPerPage: Math.min(size, MAX_ITEMS_PER_PAGE) };
}

export interface SearchVariable {
  readonly variable: string;
  readonly property: string | null;
}

/**
 * The `view` follows API Platform's PartialCollectionViewNormalizer: absent when there is a
 * single page and no query parameter besides `page`; only `@id` when there is a single page
 * but filters; otherwise `first`/`last`, and `previous`/`next` where they exist. Links keep
 * the request's other parameters, with `page` last.
 */
function view(req: ApiRequest, { page, itemsPerPage }: Paging, total: number): Record<string, unknown> | undefined {
  const lastPage = itemsPerPage > 0 ? Math.max(1, Math.ceil(total / itemsPerPage)) : 1;
  const paginated = lastPage !== 1;
  const params = new URLSearchParams(req.query);
  params.delete("page");
  const filtered = [...params.keys()].some((key) => key !== "pagination");
  if (!filtered && !paginated) return undefined;
  const iri = (p?: number): string => {
    const q = new URLSearchParams(params);
    if (p !== undefined) q.set("page", String(p));
    const query = q.toString();
    return query === "" ? req.path : `${req.path}?${query}`;
  };
  const result: Record<string, unknown> = { "@id": iri(paginated ? page : undefined), "@type": "PartialCollectionView" };
  if (!paginated) return result;
  result.first = iri(1);
  result.last = iri(lastPage);
  if (page !== 1) result.previous = iri(page - 1);
  if (page < lastPage) result.next = iri(page + 1);
  return result;
}

export function collection(
  req: ApiRequest,
  options: { context: string; members: readonly unknown[]; paging: Paging; search: readonly SearchVariable[] },
): Record<string, unknown> {
  const { page, itemsPerPage } = options.paging;
  const start = (page - 1) * itemsPerPage;
  const body: Record<string, unknown> = {
    "@context": options.context,
    "@id": req.path,
    "@type": "Collection",
    member: options.members.slice(start, start + itemsPerPage),
    totalItems: options.members.length,
  };
  const v = view(req, options.paging, options.members.length);
  if (v) body.view = v;
  body.search = {
    "@type": "IriTemplate",
    template: `${req.path}{?${options.search.map((s) => s.variable).join(",")}}`,
    variableRepresentation: "BasicRepresentation",
    mapping: options.search.map((s) => ({ "@type": "IriTemplateMapping", ...s, required: false })),
  };
  return body;
}
