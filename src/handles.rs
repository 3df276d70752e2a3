//! The handle table: every session and torrent a host can name.
//!
//! A handle is a positive `int`: bits 0..20 are a slot index, bits 20..31 the
//! slot's generation (1..=2047). Freeing an object bumps its slot's
//! generation, so the old handle no longer matches and is a harmless no-op.
//! A slot whose generation is used up is retired, never reused, so a stale
//! handle can never alias a live object. (slotmap's 64-bit keys don't fit the
//! contract's `int` handles, hence this small table.)
//!
//! One table for both kinds, so a session handle passed where a torrent is
//! expected is rejected instead of naming some unrelated torrent.

use crate::session::Session;
use crate::torrent::Torrent;
use parking_lot::RwLock;
use std::sync::{Arc, LazyLock};

const INDEX_BITS: u32 = 20;
const INDEX_MASK: u32 = (1 << INDEX_BITS) - 1;
const MAX_GEN: u32 = (1 << (31 - INDEX_BITS)) - 1;

#[derive(Clone)]
/// What a handle names.
pub enum Object {
    /// a session
    Session(Arc<Session>),
    /// a torrent
    Torrent(Arc<Torrent>),
}

struct Slot {
    gen: u32,
    obj: Option<Object>,
    /// reserved by `reserve` and not yet filled
    reserved: bool,
}

#[derive(Default)]
/// The table of live objects behind the handles.
pub struct Table {
    slots: Vec<Slot>,
    free: Vec<u32>,
}

fn split(h: i32) -> Option<(usize, u32)> {
    if h <= 0 {
        return None;
    }
    let h = h as u32;
    Some(((h & INDEX_MASK) as usize, h >> INDEX_BITS))
}

impl Table {
    /// Claims a slot and returns its handle; it names nothing until `fill`.
    pub fn reserve(&mut self) -> Option<i32> {
        let idx = match self.free.pop() {
            Some(i) => i,
            None => {
                if self.slots.len() > INDEX_MASK as usize {
                    return None;
                }
                self.slots.push(Slot { gen: 1, obj: None, reserved: false });
                (self.slots.len() - 1) as u32
            }
        };
        let slot = &mut self.slots[idx as usize];
        slot.reserved = true;
        Some(((slot.gen << INDEX_BITS) | idx) as i32)
    }

    /// Puts the object behind a handle reserved with `reserve`.
    pub fn fill(&mut self, h: i32, obj: Object) {
        if let Some(slot) = self.slot_mut(h) {
            if slot.reserved {
                slot.reserved = false;
                slot.obj = Some(obj);
            }
        }
    }

    fn slot_mut(&mut self, h: i32) -> Option<&mut Slot> {
        let (idx, gen) = split(h)?;
        self.slots.get_mut(idx).filter(|s| s.gen == gen)
    }

    /// The object a handle names, if it is live and of this generation.
    pub fn get(&self, h: i32) -> Option<&Object> {
        let (idx, gen) = split(h)?;
        self.slots.get(idx).filter(|s| s.gen == gen)?.obj.as_ref()
    }

    /// Frees the slot (filled or only reserved); returns what it held.
    pub fn release(&mut self, h: i32) -> Option<Object> {
        let (idx, _) = split(h)?;
        let slot = self.slot_mut(h)?;
        if slot.obj.is_none() && !slot.reserved {
            return None;
        }
        let obj = slot.obj.take();
        slot.reserved = false;
        slot.gen += 1;
        if slot.gen <= MAX_GEN {
            self.free.push(idx as u32);
        }
        obj
    }
}

/// The one handle table of the process.
pub static TABLE: LazyLock<RwLock<Table>> = LazyLock::new(|| RwLock::new(Table::default()));

/// The object a handle names (a clone of its Arc), if it is live.
pub fn get(h: i32) -> Option<Object> {
    TABLE.read().get(h).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_handles_never_alias() {
        let mut t = Table::default();
        let a = t.reserve().unwrap();
        assert!(a > 0);
        assert!(t.get(a).is_none(), "a reserved slot names nothing yet");
        assert!(t.release(a).is_none());
        let b = t.reserve().unwrap();
        assert_ne!(a, b, "same slot, new generation");
        assert_eq!(a as u32 & INDEX_MASK, b as u32 & INDEX_MASK);
        assert!(t.release(a).is_none(), "a stale handle releases nothing");
        for bogus in [0, -1, i32::MIN, i32::MAX, 12345] {
            assert!(t.get(bogus).is_none());
            assert!(t.release(bogus).is_none());
        }
    }

    #[test]
    fn exhausted_slots_are_retired() {
        let mut t = Table::default();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..(MAX_GEN + 5) {
            let h = t.reserve().unwrap();
            assert!(h > 0);
            assert!(seen.insert(h), "handle {h} handed out twice");
            t.release(h);
        }
        assert_eq!(t.slots.len(), 2, "slot 0 retired after {MAX_GEN} generations");
    }
}
