//! Run-time choice of the widest vector instructions the processor has, for the hot loops.
//!
//! The library is compiled for baseline x86-64 (SSE2), because it may be built on one machine
//! and run on another (a JupyterHub image, a student's laptop). A loop that gains from wider
//! registers is written as an `#[inline(always)]` function and wrapped by [`widest!`], which
//! compiles it again for AVX-512 and AVX2 and calls the widest variant the processor reports.
//! Only wider registers are enabled: Rust never contracts `a * b + c` into a fused
//! multiply-add whatever the target, so every variant computes bit-for-bit the same results.

/// `widest! { fn name(arg: Type, …) -> Ret = body_fn; }` (`-> Ret` optional) defines `name`, which calls
/// `body_fn(arg, …)` compiled for AVX-512F, AVX2 or baseline x86-64, the widest this
/// processor supports. `body_fn` must be `#[inline(always)]` (as must what its loops call), so
/// that each variant holds its own copy of the loop.
macro_rules! widest {
    ($(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $(-> $ret:ty)? = $body:path;) => {
        $(#[$meta])*
        #[allow(clippy::too_many_arguments)]
        $vis fn $name($($arg: $ty),*) $(-> $ret)? {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f")]
                #[allow(clippy::too_many_arguments)]
                fn avx512($($arg: $ty),*) $(-> $ret)? {
                    $body($($arg),*)
                }
                #[target_feature(enable = "avx2")]
                #[allow(clippy::too_many_arguments)]
                fn avx2($($arg: $ty),*) $(-> $ret)? {
                    $body($($arg),*)
                }
                if std::arch::is_x86_feature_detected!("avx512f") {
                    // SAFETY: the processor has just been checked to support AVX-512F.
                    return unsafe { avx512($($arg),*) };
                }
                if std::arch::is_x86_feature_detected!("avx2") {
                    // SAFETY: the processor has just been checked to support AVX2.
                    return unsafe { avx2($($arg),*) };
                }
            }
            $body($($arg),*)
        }
    };
}

pub(crate) use widest;

#[cfg(test)]
mod tests {
    /// A reduction over independent lanes, as the hot loops do.
    #[inline(always)]
    fn lanes(x: &[f64]) -> [f64; 8] {
        let mut acc = [0.0f64; 8];
        for c in x.chunks_exact(8) {
            for (a, v) in acc.iter_mut().zip(c) {
                *a += v * v;
            }
        }
        acc
    }

    widest! { fn lanes_widest(x: &[f64]) -> [f64; 8] = lanes; }

    #[test]
    fn the_widest_variant_gives_the_baseline_result() {
        // The same sums in the same order whatever the register width: the same bits.
        let x: Vec<f64> = (0..1001)
            .map(|i| ((i * 7919) % 1000) as f64 / 7.0)
            .collect();
        assert_eq!(lanes_widest(&x), lanes(&x));
    }
}
