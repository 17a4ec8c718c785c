import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logOut } from "~/auth/login.server";

// Log-out is an action (POST), so a link or image on another site cannot sign anyone out.
export async function action({ request }: ActionFunctionArgs) {
  return logOut({ request });
}

export function loader() {
  return redirect("/");
}
