//! The error type every safe function returns; the boundary maps it to a
//! return code plus the thread's last-error text.

use crate::registry::*;
use std::os::raw::c_int;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// the handle is 0, negative, stale, or of the wrong kind
    BadHandle(&'static str),
    InvalidArg(String),
    /// well formed, but past a documented limit (src/limits.rs)
    Limit(String),
    Generic(String),
    /// a C++ exception or a Rust panic, caught at the boundary
    Exception(String),
    /// the state store refused a file or cannot be written (store.rs)
    Store(String),
    /// a bounded wait ran out
    Timeout(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn code(&self) -> c_int {
        match self {
            Error::BadHandle(_) => BTX_ERR_BAD_HANDLE,
            Error::InvalidArg(_) => BTX_ERR_INVALID_ARG,
            Error::Limit(_) => BTX_ERR_LIMIT,
            Error::Generic(_) => BTX_ERR_GENERIC,
            Error::Exception(_) => BTX_ERR_EXCEPTION,
            Error::Store(_) => BTX_ERR_STORE,
            Error::Timeout(_) => BTX_ERR_TIMEOUT,
        }
    }

    pub fn message(&self) -> String {
        match self {
            Error::BadHandle(kind) => format!("not a live {kind} handle"),
            Error::InvalidArg(m) | Error::Limit(m) | Error::Generic(m) | Error::Store(m) | Error::Timeout(m) => m.clone(),
            Error::Exception(m) => format!("exception caught at the boundary: {m}"),
        }
    }
}

pub fn invalid(msg: impl Into<String>) -> Error {
    Error::InvalidArg(msg.into())
}

pub fn over_limit(msg: impl Into<String>) -> Error {
    Error::Limit(msg.into())
}

/// A C++ exception that cxx turned into `Err`. The bridge marks the errors it
/// raises on purpose ("[arg] " bad input, "[lim] " past a documented limit,
/// "[gen] " a libtorrent error code, "[bad] " a torrent already removed);
/// anything else is an unexpected exception.
impl From<cxx::Exception> for Error {
    fn from(e: cxx::Exception) -> Self {
        let what = e.what();
        if let Some(m) = what.strip_prefix("[arg] ") {
            Error::InvalidArg(m.to_owned())
        } else if what.starts_with("[bad] ") {
            Error::BadHandle("torrent")
        } else if let Some(m) = what.strip_prefix("[lim] ") {
            Error::Limit(m.to_owned())
        } else if let Some(m) = what.strip_prefix("[gen] ") {
            Error::Generic(m.to_owned())
        } else {
            Error::Exception(what.to_owned())
        }
    }
}
