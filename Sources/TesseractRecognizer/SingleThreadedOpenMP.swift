import Foundation

/// Tesseract's LSTM asks OpenMP for four threads on every line. Quire already runs
/// one engine per core, so those threads only contend and spin: one line took
/// 0.30 s with them and 0.11 s without (`tesseract --psm 7`, this project's
/// machines). libgomp reads its thread limit once, when it is loaded, before any
/// of our code runs; so a program that uses this engine sets the limit and starts
/// itself again, once, first thing in `main`.
public enum SingleThreadedOpenMP {
    public static func ensure() {
        guard getenv("OMP_THREAD_LIMIT") == nil else { return }
        setenv("OMP_THREAD_LIMIT", "1", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached if exec failed: carry on, merely slower.
    }
}
