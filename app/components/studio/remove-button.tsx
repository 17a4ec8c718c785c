import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmDisclosure } from "~/components/confirm-disclosure";

/**
 * Removing something from a studio list asks once more: a disclosure with the confirming form, which
 * posts `intent` and the item's id under `idName`. `confirmText` replaces the generic question.
 */
export function RemoveButton({
  intent,
  idName,
  id,
  label,
  confirmText,
}: {
  intent: string;
  idName: string;
  id: string;
  label: string;
  confirmText?: string;
}) {
  const { t } = useTranslation();
  return (
    <ConfirmDisclosure
      summaryClassName="cursor-pointer list-none rounded border border-slate-300 px-1.5 py-0.5 text-xs text-red-700"
      summary={
        <>
          {t("studio.remove")}
          <span className="sr-only"> {label}</span>
        </>
      }
    >
      <Form
        method="post"
        className="absolute right-0 z-10 mt-1 w-64 rounded-md border border-slate-200 bg-white p-3 text-sm shadow-lg"
      >
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name={idName} value={id} />
        <p>{confirmText ?? t("studio.removeConfirm", { item: label })}</p>
        <button type="submit" className="mt-2 rounded-md bg-red-700 px-3 py-1 text-white">
          {t("studio.removeForGood", { item: label })}
        </button>
      </Form>
    </ConfirmDisclosure>
  );
}
