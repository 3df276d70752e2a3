//! The record encoder (and a decoder for tests and Rust hosts).
//!
//! Wire format (docs/record-format.md): big-endian framing,
//! `kvrecord := [count:u16] field*`, `field := [id:u8][type:u8][len][value]`,
//! where a `len` of 0xFFFF escapes to a u32 length so no value is ever
//! truncated. Values shorter than 65,535 bytes are encoded exactly as
//! TorrentXT v8 encodes them.

use crate::registry::*;

/// Writes a u16-or-escaped length.
pub fn put_len(buf: &mut Vec<u8>, len: usize) {
    if len < BTX_LEN_ESCAPE as usize {
        buf.extend_from_slice(&(len as u16).to_be_bytes());
    } else {
        buf.extend_from_slice(&BTX_LEN_ESCAPE.to_be_bytes());
        buf.extend_from_slice(&(len as u32).to_be_bytes());
    }
}

/// Builds one kvrecord in place at the end of `buf`.
pub struct Record<'a> {
    buf: &'a mut Vec<u8>,
    count_at: usize,
    count: u16,
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl<'a> Record<'a> {
    /// Bytes in the underlying buffer so far.
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// Whether no field was written.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// Starts a record at the end of `buf` (its field count is written by `finish`).
    pub fn begin(buf: &'a mut Vec<u8>) -> Self {
        let count_at = buf.len();
        buf.extend_from_slice(&[0, 0]);
        Record { buf, count_at, count: 0 }
    }

    fn head(&mut self, id: u8, ty: u8, len: usize) {
        self.count += 1;
        self.buf.push(id);
        self.buf.push(ty);
        put_len(self.buf, len);
    }

    /// Writes an integer field.
    pub fn int(&mut self, id: u8, v: i64) -> &mut Self {
        let digits = itoa_buf(v);
        self.head(id, BTX_TYPE_INT, digits.as_str().len());
        self.buf.extend_from_slice(digits.as_str().as_bytes());
        self
    }

    /// Writes a real field.
    pub fn real(&mut self, id: u8, v: f64) -> &mut Self {
        // Rust's shortest round-trip form; never exponent notation for 0..1
        let s = if v.is_finite() { format!("{v}") } else { "0".to_owned() };
        self.head(id, BTX_TYPE_REAL, s.len());
        self.buf.extend_from_slice(s.as_bytes());
        self
    }

    /// Writes a UTF-8 text field.
    pub fn utf8(&mut self, id: u8, s: &str) -> &mut Self {
        self.bytes(id, BTX_TYPE_UTF8, s.as_bytes())
    }

    /// Writes a raw bytes field.
    pub fn raw(&mut self, id: u8, b: &[u8]) -> &mut Self {
        self.bytes(id, BTX_TYPE_RAW, b)
    }

    /// Writes bytes as a hex text field.
    pub fn hex(&mut self, id: u8, b: &[u8]) -> &mut Self {
        self.head(id, BTX_TYPE_HEX, b.len() * 2);
        for &x in b {
            self.buf.push(HEX[(x >> 4) as usize]);
            self.buf.push(HEX[(x & 15) as usize]);
        }
        self
    }

    /// A nested list (`BTX_TYPE_LIST`): the value is a list shape whose
    /// items `f` writes, as `encode_list` does.
    pub fn list<T>(&mut self, id: u8, items: &[T], f: impl FnMut(&mut Record, &T)) -> &mut Self {
        let nested = encode_list(items, f);
        self.bytes(id, BTX_TYPE_LIST, &nested)
    }

    /// A value of a given type, already encoded.
    pub fn typed(&mut self, id: u8, ty: u8, b: &[u8]) -> &mut Self {
        self.bytes(id, ty, b)
    }

    fn bytes(&mut self, id: u8, ty: u8, b: &[u8]) -> &mut Self {
        self.head(id, ty, b.len());
        self.buf.extend_from_slice(b);
        self
    }

    /// Writes the field count; the record is complete.
    pub fn finish(self) {
        self.buf[self.count_at..self.count_at + 2].copy_from_slice(&self.count.to_be_bytes());
    }
}

/// Encodes a list shape: `[itemCount:len]` then `[bodyLen:len][kvrecord]`
/// per item, each record written by `f`.
pub fn encode_list<T>(items: &[T], mut f: impl FnMut(&mut Record, &T)) -> Vec<u8> {
    let mut buf = Vec::with_capacity(8 + items.len() * 64);
    put_len(&mut buf, items.len());
    let mut body = Vec::with_capacity(256);
    for item in items {
        body.clear();
        let mut r = Record::begin(&mut body);
        f(&mut r, item);
        r.finish();
        put_len(&mut buf, body.len());
        buf.extend_from_slice(&body);
    }
    buf
}

/// Small stack formatter for integers (the hot path formats ~20 per record).
pub struct ItoaBuf {
    bytes: [u8; 20],
    start: usize,
}

impl ItoaBuf {
    /// The formatted number.
    pub fn as_str(&self) -> &str {
        // only ASCII digits and '-' are ever written
        std::str::from_utf8(&self.bytes[self.start..]).unwrap_or("0")
    }
}

/// Formats an integer in decimal without allocating.
pub fn itoa_buf(v: i64) -> ItoaBuf {
    let mut bytes = [0u8; 20];
    let mut i = bytes.len();
    let neg = v < 0;
    let mut n = v.unsigned_abs();
    loop {
        i -= 1;
        bytes[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if neg {
        i -= 1;
        bytes[i] = b'-';
    }
    ItoaBuf { bytes, start: i }
}

/// Bytes as lowercase hex.
pub fn to_hex(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len() * 2);
    for &x in b {
        s.push(HEX[(x >> 4) as usize] as char);
        s.push(HEX[(x & 15) as usize] as char);
    }
    s
}

/// Hex (either case) as bytes; None when it is not hex.
pub fn from_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    let v = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    s.as_bytes().chunks(2).map(|p| Some(v(p[0])? << 4 | v(p[1])?)).collect()
}

// ---- decoding -------------------------------------------------------------

/// One decoded field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// the field id (`registry::FIELDS`)
    pub id: u8,
    /// the value type (`BTX_TYPE_*`)
    pub ty: u8,
    /// the value's bytes
    pub value: Vec<u8>,
}

impl Field {
    /// The value as text ("" when it is not UTF-8).
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.value).unwrap_or("")
    }
    /// The value as a decimal integer.
    pub fn int(&self) -> Option<i64> {
        self.text().parse().ok()
    }
    /// The items of a `BTX_TYPE_LIST` value.
    pub fn list(&self) -> Result<Vec<Vec<Field>>, Truncated> {
        decode_list(&self.value)
    }
}

/// A bounds-checked reader: every read fails cleanly past the end.
pub struct Reader<'a> {
    /// the bytes read
    pub data: &'a [u8],
    /// where the next read starts
    pub pos: usize,
}

#[derive(Debug, PartialEq, Eq)]
/// The data ended before the shape it was read as.
pub struct Truncated;

impl<'a> Reader<'a> {
    /// A reader at the start of `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }
    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], Truncated> {
        let end = self.pos.checked_add(n).ok_or(Truncated)?;
        let s = self.data.get(self.pos..end).ok_or(Truncated)?;
        self.pos = end;
        Ok(s)
    }
    /// The next byte.
    pub fn u8(&mut self) -> Result<u8, Truncated> {
        Ok(self.take(1)?[0])
    }
    /// The next big-endian u16.
    pub fn u16(&mut self) -> Result<u16, Truncated> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
    /// The next big-endian u32.
    pub fn u32(&mut self) -> Result<u32, Truncated> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
    /// A u16 length, or the escape followed by a u32 length.
    pub fn len(&mut self) -> Result<usize, Truncated> {
        let l = self.u16()?;
        if l == BTX_LEN_ESCAPE {
            Ok(self.u32()? as usize)
        } else {
            Ok(l as usize)
        }
    }
    /// The next kvrecord (`[fieldCount][field]*`).
    pub fn record(&mut self) -> Result<Vec<Field>, Truncated> {
        let n = self.u16()?;
        let mut out = Vec::with_capacity(n as usize);
        for _ in 0..n {
            let id = self.u8()?;
            let ty = self.u8()?;
            let len = self.len()?;
            out.push(Field { id, ty, value: self.take(len)?.to_vec() });
        }
        Ok(out)
    }
}

/// Decodes a single kvrecord (status, DHT state, keypair).
pub fn decode_record(data: &[u8]) -> Result<Vec<Field>, Truncated> {
    Reader::new(data).record()
}

/// Decodes a list shape: `[itemCount][bodyLen kvrecord]*`.
pub fn decode_list(data: &[u8]) -> Result<Vec<Vec<Field>>, Truncated> {
    let mut r = Reader::new(data);
    let n = r.len()?;
    let mut out = Vec::new();
    for _ in 0..n {
        let body = r.len()?;
        out.push(Reader::new(r.take(body)?).record()?);
    }
    Ok(out)
}

/// Decodes a drain: `[eventCount:u16]` then `[code:u16][bodyLen][kvrecord]`.
pub fn decode_events(data: &[u8]) -> Result<Vec<(u16, Vec<Field>)>, Truncated> {
    let mut r = Reader::new(data);
    let n = r.u16()?;
    let mut out = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let code = r.u16()?;
        let body = r.len()?;
        out.push((code, Reader::new(r.take(body)?).record()?));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn itoa_matches_std() {
        for v in [0, 1, -1, 9, 10, 12345, i64::MAX, i64::MIN, -987654321] {
            assert_eq!(itoa_buf(v).as_str(), v.to_string());
        }
    }

    #[test]
    fn small_and_large_values_round_trip() {
        for len in [0usize, 1, 65534, 65535, 65536, 300_000] {
            let value: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let mut buf = Vec::new();
            let mut r = Record::begin(&mut buf);
            r.raw(69, &value).int(60, -5);
            r.finish();
            let esc = if len >= 65535 { 4 } else { 0 };
            assert_eq!(buf.len(), 2 + 4 + esc + len + 4 + 2);
            let f = decode_record(&buf).unwrap();
            assert_eq!(f[0].value, value);
            assert_eq!(f[1].int(), Some(-5));
        }
    }

    #[test]
    fn truncated_input_is_an_error_not_a_panic() {
        let mut buf = Vec::new();
        let mut r = Record::begin(&mut buf);
        r.utf8(1, "hello").raw(69, &vec![1u8; 70_000]);
        r.finish();
        for cut in 0..buf.len().min(40) {
            assert_eq!(decode_record(&buf[..cut]), Err(Truncated));
        }
        assert_eq!(decode_record(&buf[..buf.len() - 1]), Err(Truncated));
        assert_eq!(decode_events(&[0, 5, 0]), Err(Truncated));
    }

    #[test]
    fn nested_lists_round_trip() {
        let mut buf = Vec::new();
        let mut r = Record::begin(&mut buf);
        r.utf8(1, "outer").list(98, &[("a", 1), ("b", 2)], |r, (k, v)| {
            r.utf8(220, k).int(221, *v);
        });
        r.finish();
        let f = decode_record(&buf).unwrap();
        assert_eq!(f[1].ty, BTX_TYPE_LIST);
        let items = f[1].list().unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[1][0].text(), "b");
        assert_eq!(items[1][1].int(), Some(2));
    }

    #[test]
    fn hex_round_trip() {
        assert_eq!(to_hex(&[0, 0xab, 0xff]), "00abff");
        assert_eq!(from_hex("00ABff"), Some(vec![0, 0xab, 0xff]));
        assert_eq!(from_hex("0g"), None);
        assert_eq!(from_hex("abc"), None);
    }
}
