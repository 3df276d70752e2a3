//! The boundary: the only place that touches raw C pointers, and the panic
//! firewall every `extern "C"` function runs behind.
//!
//! * `action` / `getter` / `out_buffer` run a safe closure under
//!   `catch_unwind` and map `Result` to the C conventions.
//! * the last error is per thread, so a multi-threaded host never reads
//!   another thread's message.
//! * pointer decoding (`c_str`, `in_bytes`, `OutBuf`) validates NULLs and
//!   lengths before anything is read or written.

use crate::error::{invalid, Error, Result};
use crate::registry::*;
use std::cell::RefCell;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Sets this thread's last error text (what btx_last_error returns).
pub fn set_last_error(msg: &str) {
    LAST_ERROR.with(|e| {
        let mut e = e.borrow_mut();
        e.clear();
        e.push_str(msg);
    });
}

/// Clears this thread's last error text.
pub fn clear_last_error() {
    LAST_ERROR.with(|e| e.borrow_mut().clear());
}

/// This thread's last error text ("" when there is none).
pub fn last_error() -> String {
    LAST_ERROR.with(|e| e.borrow().clone())
}

fn panic_text(p: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-text payload".to_owned()
    }
}

/// Runs `f` behind the panic firewall; a panic becomes `Error::Exception`.
pub fn firewall<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) => Err(Error::Exception(format!("Rust panic: {}", panic_text(p)))),
    }
}

fn record_error(e: &Error) {
    set_last_error(&e.message());
}

/// An action: `BTX_OK` or a negative code, with the reason in last error.
pub fn action(f: impl FnOnce() -> Result<()>) -> c_int {
    match firewall(f) {
        Ok(()) => BTX_OK,
        Err(e) => {
            record_error(&e);
            e.code()
        }
    }
}

/// A call returning a non-negative value, or a negative code with the
/// reason in last error.
pub fn action_value(f: impl FnOnce() -> Result<c_int>) -> c_int {
    match firewall(f) {
        Ok(v) => v,
        Err(e) => {
            record_error(&e);
            e.code()
        }
    }
}

/// A getter returning an int: `on_error` (0, or -1 for queue position) when
/// anything goes wrong, with the reason in last error.
pub fn getter(on_error: c_int, f: impl FnOnce() -> Result<c_int>) -> c_int {
    match firewall(f) {
        Ok(v) => v,
        Err(e) => {
            record_error(&e);
            on_error
        }
    }
}

/// A caller's output buffer, validated once: NULL or a negative cap is a
/// buffer of capacity 0 (so the call reports `-needed` and writes nothing).
pub struct OutBuf {
    ptr: *mut u8,
    cap: usize,
}

impl OutBuf {
    /// # Safety
    /// `out` must be NULL or point to `cap` writable bytes.
    pub unsafe fn new(out: *mut c_void, cap: c_int) -> Self {
        if out.is_null() || cap <= 0 {
            OutBuf { ptr: std::ptr::null_mut(), cap: 0 }
        } else {
            OutBuf { ptr: out.cast(), cap: cap as usize }
        }
    }

    /// How many bytes the caller's buffer holds.
    pub fn cap(&self) -> usize {
        self.cap
    }

    /// The whole buffer as a slice, for writers that fill it in place.
    pub fn into_slice<'a>(self) -> &'a mut [u8] {
        if self.cap == 0 {
            return &mut [];
        }
        // SAFETY: `ptr` holds `cap` writable bytes for the duration of the
        // C call (constructor contract); the slice does not outlive it.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.cap) }
    }

    /// Copies `bytes` in if they fit: returns the count, or `-needed`.
    pub fn put(&mut self, bytes: &[u8]) -> c_int {
        if bytes.len() > self.cap {
            return needed(bytes.len());
        }
        // SAFETY: `ptr` holds `cap` writable bytes (constructor contract)
        // and bytes.len() <= cap; the regions cannot overlap (ours is Rust-owned).
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), self.ptr, bytes.len()) };
        bytes.len() as c_int
    }

    /// Copies two pieces back to back if they fit: the total, or `-needed`.
    pub fn put2(&mut self, a: &[u8], b: &[u8]) -> c_int {
        let n = a.len() + b.len();
        if n > self.cap {
            return needed(n);
        }
        // SAFETY: `ptr` holds `cap` writable bytes (constructor contract)
        // and a.len() + b.len() <= cap; the sources are Rust-owned.
        unsafe {
            std::ptr::copy_nonoverlapping(a.as_ptr(), self.ptr, a.len());
            std::ptr::copy_nonoverlapping(b.as_ptr(), self.ptr.add(a.len()), b.len());
        }
        n as c_int
    }

    /// Copies a string plus a terminating NUL: returns strlen, or `-(len+1)`.
    /// An empty string returns 0 (and writes the NUL if there is room).
    pub fn put_str(&mut self, s: &str) -> c_int {
        let b = s.as_bytes();
        if b.is_empty() {
            if self.cap > 0 {
                // SAFETY: cap >= 1 writable bytes at ptr
                unsafe { *self.ptr = 0 };
            }
            return 0;
        }
        if b.len() + 1 > self.cap {
            return needed(b.len() + 1);
        }
        // SAFETY: as in `put`, with room for the NUL checked above
        unsafe {
            std::ptr::copy_nonoverlapping(b.as_ptr(), self.ptr, b.len());
            *self.ptr.add(b.len()) = 0;
        }
        b.len() as c_int
    }
}

fn needed(n: usize) -> c_int {
    -(n.min(c_int::MAX as usize) as c_int)
}

/// An out-buffer getter: bytes written, `-needed`, or 0 on any error (stale
/// handle included) with the reason in last error.
pub fn out_buffer(f: impl FnOnce() -> Result<c_int>) -> c_int {
    getter(0, f)
}

/// A required UTF-8 C string argument.
///
/// # Safety
/// `p` must be NULL or point to a NUL-terminated string.
pub unsafe fn c_str<'a>(p: *const c_char, what: &str) -> Result<&'a str> {
    if p.is_null() {
        return Err(invalid(format!("{what} is NULL")));
    }
    CStr::from_ptr(p).to_str().map_err(|_| invalid(format!("{what} is not valid UTF-8")))
}

/// An input buffer `(data, len)`: NULL with len > 0, or len < 0, is an error.
///
/// # Safety
/// `data` must be NULL or point to `len` readable bytes.
pub unsafe fn in_bytes<'a>(data: *const c_void, len: c_int, what: &str) -> Result<&'a [u8]> {
    if len < 0 {
        return Err(invalid(format!("{what}: negative length {len}")));
    }
    if len == 0 {
        return Ok(&[]);
    }
    if data.is_null() {
        return Err(invalid(format!("{what} is NULL")));
    }
    Ok(std::slice::from_raw_parts(data.cast::<u8>(), len as usize))
}

/// A decimal string for a 64-bit value (flags, limits, setting values).
pub fn parse_decimal(s: &str, what: &str) -> Result<i64> {
    s.trim()
        .parse::<i64>()
        .map_err(|_| invalid(format!("{what}: '{s}' is not a decimal integer")))
}
