// Cross-site request forgery defence: a state-changing request must come from our own origin.
// Browsers send Origin on every POST, including plain HTML form posts, so a missing Origin is refused
// too; SameSite=Lax cookies are the second line.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isCrossOriginMutation({
  method,
  origin,
  appOrigin,
}: {
  method: string;
  origin: string | null | undefined;
  appOrigin: string;
}): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  return !origin || origin !== appOrigin;
}
