//! Work spread over the machine's cores: the parts of a big render and the directives of a
//! book (results in order), the spec files of a book (in the background), and big values
//! freed off the thread that answers mdBook.

/// Applies `work` to every item, on as many threads as there are cores, and returns the
/// results in item order.
pub(crate) fn in_order<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(work).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut indexed: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let idx = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(idx) else {
                            return done;
                        };
                        done.push((idx, work(item)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    indexed.sort_by_key(|(idx, _)| *idx);
    indexed.into_iter().map(|(_, result)| result).collect()
}

/// Applies `work` to every item on as many threads as there are cores, in the background:
/// the caller goes on, and takes each result, tagged with its item's index, from the
/// returned channel when it needs it. Items are started in order. A result whose thread
/// panicked never arrives; the channel then ends without it.
pub(crate) fn in_background<T, R>(
    items: Vec<T>,
    work: impl Fn(&T) -> R + Send + Sync + 'static,
) -> std::sync::mpsc::Receiver<(usize, R)>
where
    T: Send + Sync + 'static,
    R: Send + 'static,
{
    let (sender, results) = std::sync::mpsc::channel();
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len());
    let shared = std::sync::Arc::new((items, work, std::sync::atomic::AtomicUsize::new(0)));
    for _ in 0..threads {
        let shared = std::sync::Arc::clone(&shared);
        let sender = sender.clone();
        // Where no thread can be started, the items it would have taken are left to the
        // others, or to the caller once the channel ends.
        let _ = std::thread::Builder::new().spawn(move || {
            let (items, work, next) = &*shared;
            loop {
                let idx = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(item) = items.get(idx) else {
                    return;
                };
                if sender.send((idx, work(item))).is_err() {
                    return;
                }
            }
        });
    }
    results
}

/// Frees `value` on a thread of its own, so that the caller goes on (or answers mdBook)
/// without waiting for many small deallocations. Only for values whose drop does nothing but
/// free memory: a process that exits first frees that anyway, but would skip any other work
/// (deleting a temporary folder, say). Where no thread can be started, the value is freed here.
pub(crate) fn free_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

#[cfg(test)]
mod tests {
    #[test]
    fn background_results_arrive_once_each() {
        let items: Vec<usize> = (0..500).collect();
        let mut got: Vec<(usize, usize)> = super::in_background(items, |n| n * 2).iter().collect();
        got.sort_unstable();
        assert_eq!(got, (0..500).map(|n| (n, n * 2)).collect::<Vec<_>>());
    }

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<usize> = (0..1000).collect();
        assert_eq!(
            super::in_order(&items, |n| n * 2),
            items.iter().map(|n| n * 2).collect::<Vec<_>>()
        );
    }
}
