import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getOptionalUser } from "~/auth/guards.server";
import { supportedLanguages } from "~/lib/i18n";
import { languageCookie } from "~/lib/i18n.server";
import { safeRedirectPath } from "~/lib/safe-redirect";
import { updateLocale } from "~/models/user.server";

const languageSchema = z.object({
  language: z.enum(supportedLanguages),
  redirectTo: z.string().optional(),
});

/** The language switcher posts here; the choice is kept in a cookie for a year. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = languageSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Unsupported language", { status: 400 });
  // A signed-in user's setting outranks the cookie, so it changes too.
  const user = await getOptionalUser(request);
  if (user) await updateLocale({ userId: user.id, locale: parsed.data.language });
  return redirect(safeRedirectPath(parsed.data.redirectTo), {
    status: 303,
    headers: { "Set-Cookie": await languageCookie.serialize(parsed.data.language) },
  });
}

export function loader() {
  return redirect("/");
}
