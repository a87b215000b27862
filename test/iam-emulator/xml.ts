/**
 * The XML of AWS's query protocol (IAM, STS) as the SDK parses it: a
 * `<XResponse>` wrapping `<XResult>` and `<ResponseMetadata>`, lists as
 * `<member>` elements, errors as `<ErrorResponse><Error>`.
 */

/** A value the serialiser can write: nested objects, lists, text, numbers, booleans, dates. */
export type XmlValue =
  | string
  | number
  | boolean
  | Date
  | undefined
  | XmlValue[]
  | { [key: string]: XmlValue };

/** Escapes text for an XML element body. */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** Serialises one named element; `undefined` values are left out as AWS leaves out absent fields. */
export function element(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) {
    return `<${name}>${value.map((item) => element('member', item)).join('')}</${name}>`;
  }
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (typeof value === 'object') {
    const body = Object.entries(value)
      .map(([key, inner]) => element(key, inner))
      .join('');
    return `<${name}>${body}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A successful query-protocol answer for `action`, with `result` inside `<ActionResult>`. */
export function queryResponse(
  action: string,
  namespace: string,
  requestId: string,
  result: Record<string, XmlValue> | undefined,
): string {
  const body = result === undefined ? '' : element(`${action}Result`, result);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${namespace}">${body}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

/** A query-protocol error document. */
export function queryError(
  type: 'Sender' | 'Receiver',
  code: string,
  message: string,
  requestId: string,
): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error>' +
    `<Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message>` +
    `</Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
