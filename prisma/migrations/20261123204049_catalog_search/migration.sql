-- Catalog search: GIN trigram indexes so `ILIKE '%q%'` and pg_trgm similarity on course titles,
-- codes, summaries and instructor names need no full scan. pg_trgm was created by the init
-- migration. Trigrams are made of letters and digits; the cluster's builtin C.UTF-8 locale
-- classifies Hangul as letters, so Korean text is indexed too. A pattern shorter than three
-- characters (e.g. the two-syllable '회귀') has no trigram: it still matches, by reading the whole index.
-- Not CONCURRENTLY: each migration file runs as one transaction, and these tables are small.

-- CreateIndex
CREATE INDEX "User_name_trgm_idx" ON "User" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Course_title_trgm_idx" ON "Course" USING GIN ("title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Course_code_trgm_idx" ON "Course" USING GIN ("code" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Course_summary_trgm_idx" ON "Course" USING GIN ("summary" gin_trgm_ops);
