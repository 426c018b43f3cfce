/**
 * Free text as PostgreSQL's text columns (and PGlite's) store it: they refuse the NUL character
 * (22021), which an error message quoting a response body may hold. It becomes U+FFFD.
 */
export const storableText = (text: string): string => text.replaceAll('\u0000', '\uFFFD');
