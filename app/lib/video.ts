// Turns a lesson's video link into what the player shows: a privacy-friendly embed for YouTube and
// Vimeo, a <video> element for a direct file, or nothing for anything else.
export type VideoSource =
  { kind: "embed"; src: string; provider: "YouTube" | "Vimeo" } | { kind: "file"; src: string } | null;

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;

export function parseVideoUrl(videoUrl: string | null | undefined): VideoSource {
  if (!videoUrl) return null;
  let url: URL;
  try {
    url = new URL(videoUrl);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const host = url.hostname.replace(/^www\.|^m\./, "");
  const youtubeId =
    host === "youtu.be"
      ? url.pathname.slice(1)
      : host === "youtube.com" || host === "youtube-nocookie.com"
        ? (url.searchParams.get("v") ?? url.pathname.match(/^\/(?:embed|shorts|live)\/([^/]+)/)?.[1])
        : undefined;
  if (youtubeId && YOUTUBE_ID.test(youtubeId)) {
    return { kind: "embed", provider: "YouTube", src: `https://www.youtube-nocookie.com/embed/${youtubeId}` };
  }
  const vimeoId = host === "vimeo.com" || host === "player.vimeo.com" ? url.pathname.match(/(\d{6,})/)?.[1] : undefined;
  if (vimeoId) return { kind: "embed", provider: "Vimeo", src: `https://player.vimeo.com/video/${vimeoId}?dnt=1` };
  if (/\.(mp4|webm)$/i.test(url.pathname)) return { kind: "file", src: url.toString() };
  return null;
}
