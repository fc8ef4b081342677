// Text to the clipboard; where there is none (an insecure origin, a denied
// permission) the caller shows the text to copy by hand.

export async function copyText(text: string): Promise<'copied' | 'manual'> {
  try {
    await navigator.clipboard.writeText(text);
    return 'copied';
  } catch {
    return 'manual';
  }
}
