// Reads the text of a PDF written by pdfkit, without external tools: inflates the streams, maps each font's glyph
// ids back to characters through its ToUnicode CMap and decodes the Tj/TJ operators, one line per text object.
// Enough for our documents (embedded TrueType subsets, Identity-H); not a general PDF parser.
import { inflateSync } from 'node:zlib'

interface PdfObject {
  dict: string
  stream: Buffer | null
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1')
  const out = new Map<number, PdfObject>()
  const re = /(\d+) 0 obj\s*([\s\S]*?)endobj/g
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2]
    const s = /stream\r?\n/.exec(body)
    if (!s) {
      out.set(Number(m[1]), { dict: body, stream: null })
      continue
    }
    const dict = body.slice(0, s.index)
    const raw = Buffer.from(body.slice(s.index + s[0].length, body.lastIndexOf('endstream')).replace(/\r?\n$/, ''), 'latin1')
    out.set(Number(m[1]), { dict, stream: dict.includes('/FlateDecode') ? inflateSync(raw) : raw })
  }
  return out
}

function parseCMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>()
  const hexToString = (hex: string) => {
    let s = ''
    for (let i = 0; i < hex.length; i += 4) s += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16))
    return s
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, src, dst] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(src, 16), hexToString(dst))
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, rest] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const start = parseInt(lo, 16)
      const end = parseInt(hi, 16)
      if (rest.startsWith('[')) {
        const items = [...rest.matchAll(/<([0-9a-fA-F]+)>/g)].map((x) => hexToString(x[1]))
        for (let code = start; code <= end; code++) map.set(code, items[code - start] ?? '')
      } else {
        const base = hexToString(rest.slice(1, -1))
        for (let code = start; code <= end; code++) {
          map.set(code, base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + (code - start)))
        }
      }
    }
  }
  return map
}

/** The text of every page, one line per BT…ET block. */
export function pdfText(pdf: Buffer): string {
  const objs = objects(pdf)
  // font resource name (F1, F2 …) → glyph id → text
  const cmaps = new Map<string, Map<number, string>>()
  for (const obj of objs.values()) {
    for (const [, name, ref] of obj.dict.matchAll(/\/(F\d+)\s+(\d+) 0 R/g)) {
      const font = objs.get(Number(ref))
      const toUnicode = font && /\/ToUnicode\s+(\d+) 0 R/.exec(font.dict)
      const cmap = toUnicode && objs.get(Number(toUnicode[1]))?.stream
      if (cmap) cmaps.set(name, parseCMap(cmap.toString('latin1')))
    }
  }
  const lines: string[] = []
  for (const obj of objs.values()) {
    const content = obj.stream?.toString('latin1')
    if (!content || !content.includes('BT')) continue
    for (const [, block] of content.matchAll(/BT([\s\S]*?)ET/g)) {
      let font: Map<number, string> | undefined
      let line = ''
      for (const op of block.matchAll(/\/(F\d+)\s+[\d.]+\s+Tf|\[((?:[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
        if (op[1]) font = cmaps.get(op[1])
        // TJ arrays mix glyph strings with offsets; justified text moves words apart with large negative offsets
        const items = op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-fA-F]*)>|(-?[\d.]+)/g)] : op[3] !== undefined ? [[op[3], op[3]]] : []
        for (const [, hex, offset] of items) {
          if (offset !== undefined) {
            if (Number(offset) < -200 && !line.endsWith(' ')) line += ' '
            continue
          }
          for (let i = 0; i < hex.length; i += 4) line += font?.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD'
        }
      }
      lines.push(line)
    }
  }
  return lines.join('\n')
}
