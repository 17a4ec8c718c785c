// One shape for a page of a longer list, and one way to read and compute it.
import { z } from "zod";

/** A page of a list: its items, where it is, and how many there are in all. */
export type Paged<T> = {
  items: T[];
  /** The page actually served, from 1. */
  page: number;
  pageSize: number;
  totalCount: number;
  /** At least 1, so "page 1 of 1" holds for an empty list. */
  pageCount: number;
};

/** `?page=` as a route reads it: a whole number from 1; anything else is page 1. */
export const pageParam = z.coerce.number().int().min(1).max(10_000).catch(1);

/** The rows to skip and take for `page` (from 1) of `pageSize`. */
export function pageWindow({ page, pageSize }: { page: number; pageSize: number }) {
  return { skip: (Math.max(1, page) - 1) * pageSize, take: pageSize };
}

export function toPaged<T>(
  items: T[],
  { page, pageSize, totalCount }: { page: number; pageSize: number; totalCount: number },
): Paged<T> {
  return {
    items,
    page: Math.max(1, page),
    pageSize,
    totalCount,
    pageCount: Math.max(1, Math.ceil(totalCount / pageSize)),
  };
}
