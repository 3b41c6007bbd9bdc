//! The statistics the IPC benches print: percentiles and mean of a sample, rounded to the
//! microsecond. Shared by `ipc.rs`, `bridge.rs` and `ports.rs` through `#[path]`.

/// p50, p99 and mean of a sample, in its unit.
pub(crate) struct Stats {
    pub(crate) p50: f64,
    pub(crate) p99: f64,
    pub(crate) mean: f64,
}

/// Sorts `samples` and reads their statistics.
pub(crate) fn stats(samples: &mut [f64]) -> Stats {
    samples.sort_by(f64::total_cmp);
    let at = |fraction: f64| samples[((samples.len() as f64 - 1.0) * fraction).round() as usize];
    Stats {
        p50: at(0.5),
        p99: at(0.99),
        mean: samples.iter().sum::<f64>() / samples.len() as f64,
    }
}

/// Three decimals: microseconds of a figure in milliseconds.
pub(crate) fn round(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}
