// Universal: the catalog page's sort menu and the server's search share these.
export const CATALOG_SORTS = ["relevance", "newest", "title", "code"] as const;
export type CatalogSort = (typeof CATALOG_SORTS)[number];
