// sceneUpdate(cover_image): a data URL (or bare base64) decoded with Go's strict StdEncoding.
// mirrors stash pkg/utils/image.go ProcessImageInput / ProcessBase64Image.

const DATA_URL = /^data:.+\/(.+);base64,(.*)$/;
const ALPHABET = /[A-Za-z0-9+/]/;

// Go's base64.StdEncoding.DecodeString, with its error text ("illegal base64 data at input byte N").
export function decodeGoBase64(encoded: string): Buffer {
  const s = encoded.replace(/[\r\n]/g, '');
  const firstPad = s.indexOf('=');
  const body = firstPad === -1 ? s : s.slice(0, firstPad);
  for (let i = 0; i < body.length; i++) {
    if (!ALPHABET.test(body[i] as string)) throw new Error(`illegal base64 data at input byte ${i}`);
  }
  const padding = s.length - body.length;
  const validPadding = padding === 0 || (padding <= 2 && /^=+$/.test(s.slice(body.length)));
  if (!validPadding || s.length % 4 !== 0) {
    throw new Error(
      `illegal base64 data at input byte ${firstPad === -1 ? s.length - (s.length % 4) : firstPad}`,
    );
  }
  return Buffer.from(s, 'base64');
}

// The image bytes Stash would store for a cover_image input.
export function decodeImageInput(input: string): Buffer {
  if (/^https?:\/\//.test(input)) throw new Error('stand-in: cover_image URLs are not supported');
  const match = DATA_URL.exec(input);
  return decodeGoBase64(match ? (match[2] as string) : input);
}
