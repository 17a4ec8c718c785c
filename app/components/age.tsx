import { useTranslation } from "react-i18next";
import { formatDateTime, formatRelativeTime } from "~/lib/format";
import type { Language } from "~/lib/i18n";

/**
 * How long ago a moment was ("3일 전", "yesterday") with the moment itself beneath it, so a reader gets
 * both. `asOf` is the moment the loader answered, so the browser prints the words the server did.
 */
export function Age({ moment, asOf }: { moment: Date | string; asOf: Date | string }) {
  const { i18n } = useTranslation();
  const language = i18n.language as Language;
  return (
    <time dateTime={new Date(moment).toISOString()}>
      {formatRelativeTime(moment, asOf, language)}
      <span className="block text-xs text-slate-600">{formatDateTime(moment, language)}</span>
    </time>
  );
}
