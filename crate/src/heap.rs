//! The .wasm's memory allocator, smaller than std's dlmalloc: blocks come
//! in power-of-two sizes, and a freed block waits on its size's list for
//! the next allocation of that size. WebAssembly memory cannot shrink, so
//! none is ever given back (dlmalloc gives none back either).

use std::alloc::{GlobalAlloc, Layout};
use std::arch::wasm32;
use std::cell::UnsafeCell;
use std::ptr::null_mut;

const PAGE: usize = 65536;

#[global_allocator]
static HEAP: Heap = Heap(UnsafeCell::new(State {
    free: [null_mut(); 32],
    next: 0,
    end: 0,
}));

struct Heap(UnsafeCell<State>);

struct State {
    /// The first freed block of each size (`1 << index` bytes); each free
    /// block holds the address of the next one.
    free: [*mut u8; 32],
    /// Unused memory from `next` to `end`.
    next: usize,
    end: usize,
}

// The .wasm has one thread.
unsafe impl Sync for Heap {}

/// The size class of a layout: the index of its power of two.
fn class(size: usize, align: usize) -> Option<usize> {
    let size = size.max(align).max(8).checked_next_power_of_two()?;
    Some(size.trailing_zeros() as usize)
}

unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(k) = class(layout.size(), layout.align()) else {
            return null_mut();
        };
        let s = &mut *self.0.get();
        let head = s.free[k];
        if !head.is_null() {
            s.free[k] = *head.cast::<*mut u8>();
            return head;
        }
        let size = 1usize << k;
        // Blocks are aligned to their size (up to a page), so any block of
        // a size suits any layout of that size.
        let align = size.min(PAGE);
        loop {
            let start = (s.next + align - 1) & !(align - 1);
            if let Some(end) = start.checked_add(size).filter(|&end| end <= s.end) {
                s.next = end;
                return start as *mut u8;
            }
            let pages = (size + align) / PAGE + 1;
            let old = wasm32::memory_grow(0, pages);
            if old == usize::MAX {
                return null_mut();
            }
            let base = old * PAGE;
            if base != s.end {
                s.next = base;
            }
            s.end = base + pages * PAGE;
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if let Some(k) = class(layout.size(), layout.align()) {
            let s = &mut *self.0.get();
            *ptr.cast::<*mut u8>() = s.free[k];
            s.free[k] = ptr;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if class(layout.size(), layout.align()) == class(new_size, layout.align()) {
            return ptr;
        }
        let new = self.alloc(Layout::from_size_align_unchecked(new_size, layout.align()));
        if !new.is_null() {
            std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        new
    }
}
