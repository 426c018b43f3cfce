import type { APIAttachment, APIEmbed } from 'discord-api-types/v10';
import { DiscordHttpError, invalidFormBody, type FieldError } from './errors.js';

/**
 * File uploads (multipart/form-data), as Discord takes them on message routes: a `payload_json`
 * part with the JSON body and one `files[n]` part per file. Parsing uses the platform's own
 * multipart parser (`Response.formData()` of Node's built-in fetch), so the fake needs no
 * dependency for it.
 */

/** Discord's upload limits the fake checks (a server without boosts). */
export const UPLOAD_LIMITS = {
  filesPerMessage: 10,
  /** Total size of the files of one request. */
  totalBytes: 25 * 1024 * 1024,
  filenameLength: 1024,
} as const;

/** One `files[n]` part of a request. */
export interface UploadedFile {
  /** The form field, e.g. `files[0]`. */
  readonly field: string;
  /** n of `files[n]`: what `attachments[].id` refers to. */
  readonly index: number;
  readonly filename: string;
  readonly contentType: string;
  readonly data: Buffer;
}

/** An attachment the fake keeps on a message, bytes included. */
export interface FakeAttachment {
  readonly id: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly description: string | null;
  readonly data: Buffer;
  /** From the PNG header, for images the fake can read cheaply. */
  readonly width: number | null;
  readonly height: number | null;
}

export interface ParsedBody {
  body: unknown;
  files: UploadedFile[];
}

const FILE_FIELD = /^files\[(\d{1,2})\]$/;
/** Characters Discord keeps in a filename; an `attachment://` reference only resolves to such names. */
const PLAIN_FILENAME = /^[A-Za-z0-9._-]+$/;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const specError = (errors: FieldError[]) => invalidFormBody(errors, 'spec');

/** Parses a multipart body: `payload_json` becomes the body (validated like a JSON body), `files[n]` the uploads. */
export async function parseMultipart(raw: Uint8Array<ArrayBuffer>, contentType: string): Promise<ParsedBody> {
  const parts: [string, FormDataEntryValue][] = [];
  try {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    form.forEach((value, field) => parts.push([field, value]));
  } catch (error) {
    throw specError([
      { path: [], code: 'MULTIPART_INVALID', message: `Unreadable multipart body: ${String(error)}` },
    ]);
  }
  let body: unknown = {};
  let sawPayload = false;
  const files: UploadedFile[] = [];
  const errors: FieldError[] = [];
  for (const [field, value] of parts) {
    if (field === 'payload_json') {
      if (sawPayload) {
        errors.push({ path: [field], code: 'DUPLICATE_FIELD', message: 'payload_json given twice' });
        continue;
      }
      sawPayload = true;
      const text = typeof value === 'string' ? value : await value.text();
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        throw new DiscordHttpError(400, 50109, 'The request body contains invalid JSON.').asViolation(
          'spec',
          'payload_json is not JSON',
        );
      }
      continue;
    }
    const match = FILE_FIELD.exec(field);
    if (match === null) {
      errors.push({
        path: [field],
        code: 'UNKNOWN_FIELD',
        message: `Unknown form field "${field}": Discord reads payload_json and files[n]`,
      });
      continue;
    }
    if (typeof value === 'string') {
      errors.push({
        path: [field],
        code: 'FILE_REQUIRED',
        message: `${field} must be a file part with a filename`,
      });
      continue;
    }
    const index = Number(match[1]);
    if (files.some((f) => f.index === index)) {
      errors.push({ path: [field], code: 'DUPLICATE_FIELD', message: `${field} given twice` });
      continue;
    }
    const filename = value.name;
    if (filename === '' || filename.length > UPLOAD_LIMITS.filenameLength) {
      errors.push({
        path: [field],
        code: 'BASE_TYPE_BAD_LENGTH',
        message: `The filename must be between 1 and ${UPLOAD_LIMITS.filenameLength} in length.`,
      });
      continue;
    }
    files.push({
      field,
      index,
      filename,
      contentType: value.type || 'application/octet-stream',
      data: Buffer.from(await value.arrayBuffer()),
    });
  }
  if (errors.length > 0) throw specError(errors);
  if (files.length > UPLOAD_LIMITS.filesPerMessage) {
    throw invalidFormBody([
      {
        path: ['files'],
        code: 'BASE_TYPE_MAX_LENGTH',
        message: `Must be ${UPLOAD_LIMITS.filesPerMessage} or fewer in length.`,
      },
    ]);
  }
  const total = files.reduce((sum, f) => sum + f.data.length, 0);
  if (total > UPLOAD_LIMITS.totalBytes) {
    throw new DiscordHttpError(413, 40005, 'Request entity too large').asViolation(
      'limit',
      `files total ${total} bytes; Discord allows ${UPLOAD_LIMITS.totalBytes}`,
    );
  }
  return { body, files };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const pngSize = (data: Buffer): { width: number | null; height: number | null } =>
  data.length >= 24 && data.subarray(0, 8).equals(PNG_SIGNATURE)
    ? { width: data.readUInt32BE(16), height: data.readUInt32BE(20) }
    : { width: null, height: null };

/**
 * The attachments a message has after a create or an edit. `declared` is the body's
 * `attachments`: absent keeps what the message had and adds every upload; an array lists the
 * attachments to keep (ids of existing ones) and describes uploads (id = n of `files[n]`),
 * anything not listed goes; null removes all but the uploads. Uploads not listed are still added.
 */
export function resolveAttachments(input: {
  declared: unknown;
  files: readonly UploadedFile[];
  existing: readonly FakeAttachment[];
  newId: () => string;
}): FakeAttachment[] {
  const { declared, files, existing, newId } = input;
  const fromFile = (file: UploadedFile, entry?: Record<string, unknown>): FakeAttachment => ({
    id: newId(),
    filename: typeof entry?.['filename'] === 'string' ? entry['filename'] : file.filename,
    contentType: file.contentType,
    size: file.data.length,
    description: typeof entry?.['description'] === 'string' ? entry['description'] : null,
    data: file.data,
    ...pngSize(file.data),
  });
  let result: FakeAttachment[];
  if (declared === undefined) {
    result = [...existing, ...files.map((f) => fromFile(f))];
  } else {
    const entries = Array.isArray(declared) ? declared : [];
    const errors: FieldError[] = [];
    const used = new Set<number>();
    result = [];
    entries.forEach((entry, i) => {
      const id = isObject(entry) ? String(entry['id'] ?? '') : '';
      const file = /^\d{1,2}$/.test(id) ? files.find((f) => f.index === Number(id)) : undefined;
      const kept = existing.find((a) => a.id === id);
      if (file !== undefined && isObject(entry)) {
        used.add(file.index);
        result.push(fromFile(file, entry));
      } else if (kept !== undefined) {
        result.push(kept);
      } else {
        errors.push({
          path: ['attachments', i, 'id'],
          code: 'ATTACHMENT_NOT_FOUND',
          message: `Attachment ${id} is neither an upload (files[n]) nor an attachment of the message`,
        });
      }
    });
    if (errors.length > 0) throw invalidFormBody(errors);
    result.push(...files.filter((f) => !used.has(f.index)).map((f) => fromFile(f)));
  }
  if (result.length > UPLOAD_LIMITS.filesPerMessage) {
    throw invalidFormBody([
      {
        path: ['attachments'],
        code: 'BASE_TYPE_MAX_LENGTH',
        message: `Must be ${UPLOAD_LIMITS.filesPerMessage} or fewer in length.`,
      },
    ]);
  }
  return result;
}

/**
 * `attachment://name` in an embed (image, thumbnail, author or footer icon) must name an
 * attachment of the message with a plain filename. Discord does not reject such a message;
 * it shows no image — a bot mistake the fake reports.
 */
export function checkEmbedAttachmentRefs(
  embeds: readonly APIEmbed[],
  attachments: readonly FakeAttachment[],
): FieldError[] {
  const names = new Set(attachments.map((a) => a.filename));
  const errors: FieldError[] = [];
  embeds.forEach((embed, index) => {
    const urls: [string[], unknown][] = [
      [['image', 'url'], embed.image?.url],
      [['thumbnail', 'url'], embed.thumbnail?.url],
      [['author', 'icon_url'], embed.author?.icon_url],
      [['footer', 'icon_url'], embed.footer?.icon_url],
    ];
    for (const [path, url] of urls) {
      if (typeof url !== 'string' || !url.startsWith('attachment://')) continue;
      const name = url.slice('attachment://'.length);
      if (!PLAIN_FILENAME.test(name) || !names.has(name)) {
        errors.push({
          path: ['embeds', index, ...path],
          code: 'ATTACHMENT_NOT_FOUND',
          message: `${url} names no attachment of the message (attachments: ${[...names].join(', ') || 'none'}; names must match ${PLAIN_FILENAME.source})`,
        });
      }
    }
  });
  return errors;
}

/** The attachment as Discord describes it in a message (the fake's CDN URL resolves nowhere). */
export function apiAttachment(channelId: string, attachment: FakeAttachment): APIAttachment {
  const url = `https://cdn.fake-discord.invalid/attachments/${channelId}/${attachment.id}/${attachment.filename}`;
  return {
    id: attachment.id,
    filename: attachment.filename,
    size: attachment.size,
    url,
    proxy_url: url,
    content_type: attachment.contentType,
    ...(attachment.description === null ? {} : { description: attachment.description }),
    ...(attachment.width === null ? {} : { width: attachment.width, height: attachment.height }),
  };
}
