// A downscaled copy of a picture, made in the browser with a canvas and uploaded with the
// original as its `thumbnailOf` (there is no image service locally). Conversations load the
// small copy; the original opens full size on click.
/** Longest side of a thumbnail: sharp at twice the 260 px it is shown at. */
export const THUMBNAIL_PX = 520;
/** Pictures already this small (both sides and bytes) are shown as they are. */
const SMALL_BYTES = 150_000;

/** A WebP (or the browser's PNG fallback) of at most THUMBNAIL_PX, or undefined when not worth it. */
export async function makeThumbnail(image: Blob): Promise<Blob | undefined> {
  // A GIF's thumbnail would stop its animation.
  if (!/^image\/(png|jpeg|webp)$/.test(image.type)) return undefined;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(image);
  } catch {
    return undefined; // not a picture this browser can read: the server will say what it is
  }
  try {
    const { width, height } = bitmap;
    const scale = THUMBNAIL_PX / Math.max(width, height);
    if (scale >= 1 && image.size <= SMALL_BYTES) return undefined;
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(width * Math.min(1, scale)));
    canvas.height = Math.max(1, Math.round(height * Math.min(1, scale)));
    const ctx = canvas.getContext("2d");
    if (!ctx) return undefined;
    ctx.imageSmoothingQuality = "high";
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/webp", 0.82));
    return blob && blob.size < image.size ? blob : undefined;
  } finally {
    bitmap.close();
  }
}
