#if os(Linux)
// glibc's (malloc.h, which the Glibc module does not bring).
@_silgen_name("mallopt")
private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
@_silgen_name("malloc_trim")
private func malloc_trim(_ pad: Int) -> Int32
#endif

/// What a long-running process gives back to the system once a large page is done.
public enum ProcessMemory {
    /// Blocks of 1 MiB and more (a page's pixels, an engine's buffers) are mapped on their
    /// own and unmapped when freed, and free memory at the heap's top is given back at
    /// once. glibc otherwise raises its mapping threshold after the first large block is
    /// freed (up to 32 MiB) and keeps what the heap grew to: `quire serve --engine ppocr` kept 1.3 GiB
    /// after ten 8192 x 8192 pages, 230 MiB with this. No slower in timings of `quire
    /// recognize` on the evaluation set's lines and pages.
    public static func returnLargeBlocks() {
        #if os(Linux)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        _ = mallopt(mmapThreshold, 1 << 20)
        _ = mallopt(trimThreshold, 0)
        #endif
    }

    /// Gives every heap's free pages back (after a flood of connections, say).
    public static func handBackFreeMemory() {
        #if os(Linux)
        _ = malloc_trim(0)
        #endif
    }
}
