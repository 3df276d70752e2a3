//! The file-list cache: what `btx_file_list` serves without asking
//! libtorrent.
//!
//! Every answer about a torrent's files comes from libtorrent's network
//! thread, and each question is a round trip there (tens of microseconds on
//! an idle machine, hundreds on a busy one): the whole list took three. But
//! a torrent's files barely change. Their paths and sizes are fixed once
//! the metadata is known (a rename is the one exception), their priorities
//! change only when the host sets them, and a torrent that has every piece
//! has every byte of every file. So the cache keeps the layout and the
//! priorities, and takes the progress of a complete torrent from the status
//! cache: a seed's file list costs no round trip at all, a downloading
//! torrent's one (its progress).
//!
//! Freshness: a rename (`btx_rename_file`, or libtorrent's file_renamed
//! alert) drops the layout; a host priority change drops the priorities and
//! keeps them from being cached again until libtorrent confirms it applied
//! them (file_prio alert; it applies them on its disk thread, after the
//! call returns); a file error drops both. The pump reports those alerts
//! whatever events the host enabled.

use crate::bridge::ffi;
use crate::error::Result;
use crate::torrent::Torrent;
use std::sync::Arc;

/// A torrent's files as the host counts them (pad files left out).
pub struct Layout {
    /// path and size of each file
    pub files: Vec<(String, i64)>,
    /// libtorrent's index of each file
    pub lt_index: Vec<i32>,
}

/// What the cache holds for one torrent.
#[derive(Default)]
pub struct FileCache {
    layout: Option<Arc<Layout>>,
    /// each file's priority, in the host's order
    priorities: Option<Arc<Vec<u8>>>,
    /// the host changed priorities and libtorrent has not confirmed them yet
    unsettled: bool,
    /// bumped by every change above, so that an answer fetched before a
    /// change is not kept after it
    generation: u64,
}

impl FileCache {
    /// The host changed file priorities (control.rs).
    pub fn priorities_set(&mut self) {
        self.priorities = None;
        self.unsettled = true;
        self.generation += 1;
    }

    /// libtorrent applied file priorities (file_prio alert).
    pub fn priorities_applied(&mut self) {
        self.priorities = None;
        self.unsettled = false;
        self.generation += 1;
    }

    /// A file was renamed, or a file error happened: read everything again.
    pub fn forget(&mut self) {
        self.layout = None;
        self.priorities = None;
        self.generation += 1;
    }
}

impl Torrent {
    /// The files (pad files left out) with their size, verified bytes and
    /// priority: what `btx_file_list` returns. Empty until the metadata is
    /// known.
    pub fn file_list(&self) -> Result<Vec<ffi::FileData>> {
        let (layout, priorities, generation) = {
            let c = self.files.lock();
            (c.layout.clone(), c.priorities.clone(), c.generation)
        };
        let layout = match layout {
            Some(l) => l,
            None => {
                let mut files = Vec::new();
                let mut lt_index = Vec::new();
                ffi::file_layout(&self.th, &mut files, &mut lt_index)?;
                if files.is_empty() && lt_index.is_empty() {
                    return Ok(Vec::new()); // no metadata yet: nothing to keep
                }
                let l = Arc::new(Layout { files: files.into_iter().map(|f| (f.path, f.size)).collect(), lt_index });
                let mut c = self.files.lock();
                if c.generation == generation {
                    c.layout.get_or_insert_with(|| l.clone());
                }
                l
            }
        };
        let priorities = match priorities {
            Some(p) => p,
            None => {
                let all = ffi::file_priorities_all(&self.th)?;
                let p = Arc::new(pick(&layout.lt_index, &all, 4u8));
                let mut c = self.files.lock();
                if !c.unsettled && c.generation == generation {
                    c.priorities.get_or_insert_with(|| p.clone());
                }
                p
            }
        };
        // a torrent with every piece has every byte of every file
        let complete = self.with_cached_status(|e| e.complete).unwrap_or(false);
        let progress: Vec<i64> = if complete {
            layout.files.iter().map(|(_, size)| *size).collect()
        } else {
            pick(&layout.lt_index, &ffi::file_progress_all(&self.th)?, 0i64)
        };
        Ok(layout
            .files
            .iter()
            .zip(progress)
            .zip(priorities.iter())
            .map(|(((path, size), progress), &priority)| ffi::FileData { path: path.clone(), size: *size, progress, priority })
            .collect())
    }
}

/// The entries of `all` (by libtorrent's index) for the host's files;
/// `missing` for an index past its end (libtorrent's default priority 4,
/// no progress).
fn pick<T: Copy>(lt_index: &[i32], all: &[T], missing: T) -> Vec<T> {
    lt_index.iter().map(|&i| usize::try_from(i).ok().and_then(|i| all.get(i)).copied().unwrap_or(missing)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pick_maps_libtorrent_indices_to_the_hosts() {
        // files 0 and 2 are real, 1 is a pad file
        assert_eq!(pick(&[0, 2], &[7u8, 0, 1], 4), vec![7, 1]);
        assert_eq!(pick(&[0, 2, 5], &[7u8, 0, 1], 4), vec![7, 1, 4], "past the end: the default");
    }

    #[test]
    fn priorities_wait_for_libtorrent_after_a_host_change() {
        let mut c = FileCache { priorities: Some(Arc::new(vec![1])), ..Default::default() };
        c.priorities_set();
        assert!(c.priorities.is_none() && c.unsettled);
        c.priorities_applied();
        assert!(c.priorities.is_none() && !c.unsettled);
        c.layout = Some(Arc::new(Layout { files: vec![("a".into(), 1)], lt_index: vec![0] }));
        c.forget();
        assert!(c.layout.is_none());
    }
}
