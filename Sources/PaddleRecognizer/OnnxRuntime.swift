import COnnxRuntime
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// ONNX Runtime, loaded from its shared library at run time: one environment whose
/// thread pool every session shares, so that sessions running side by side never ask
/// for more threads than there are cores.
final class OnnxRuntime: @unchecked Sendable {
    let api: OrtApi
    let version: String
    private let env: OpaquePointer
    private let memoryInfo: OpaquePointer
    /// ONNX Runtime's default allocator, for the strings it hands back.
    private let allocator: OpaquePointer
    /// A run that hands the arena's free memory back when it ends: a large page's working
    /// memory is hundreds of MiB that the arena would otherwise keep for the life of the
    /// process (a server kept 930 MiB after one 8192 x 8192 page).
    let releasingRun: OpaquePointer

    /// Loads the library at `path` and starts an environment with `threads` threads.
    init(libraryPath path: String, threads: Int) throws(PaddleSetupError) {
        guard FileManager.default.fileExists(atPath: path) else { throw .missingFile(path) }
        // Since 1.29 the runtime records, on Linux too, the program's path, the machine and
        // every session in ~/.cache/Microsoft and sends them to Microsoft. Transcribers' pages
        // and machines are theirs: the variable, read once when the library starts, turns all
        // of it off (DisableTelemetryEvents alone comes after the first event is written).
        setenv("ORT_DISABLE_TELEMETRY", "1", 1)
        // Kept loaded for the life of the process: sessions and threads live in it.
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw .runtime("could not load \(path): \(dlerror().map { String(cString: $0) } ?? "unknown error")")
        }
        guard let symbol = dlsym(handle, "OrtGetApiBase") else {
            throw .runtime("\(path) has no OrtGetApiBase: it is not ONNX Runtime's C library")
        }
        let getApiBase = unsafeBitCast(symbol, to: QuireOrtGetApiBase.self)
        guard let base = getApiBase() else { throw .runtime("OrtGetApiBase returned nothing") }
        version = base.pointee.GetVersionString().map { String(cString: $0) } ?? "unknown"
        // A runtime older than the table Quire declares answers nil here rather than a short table.
        guard let table = base.pointee.GetApi(UInt32(QUIRE_ORT_API_VERSION)) else {
            throw .runtime("ONNX Runtime \(version) does not serve C API version \(QUIRE_ORT_API_VERSION)")
        }
        let api = table.pointee
        self.api = api

        var options: OpaquePointer?
        try Self.check(api, api.CreateThreadingOptions(&options))
        defer { api.ReleaseThreadingOptions(options) }
        try Self.check(api, api.SetGlobalIntraOpNumThreads(options, Int32(max(1, threads))))
        try Self.check(api, api.SetGlobalInterOpNumThreads(options, 1))
        // Threads that sleep between the model's steps rather than spin: spinning threads
        // take the cores that the other workers need (in throwaway timings of quire
        // recognize --quick-mode on 41 lines, 2 cores, two threads a call: 1.15 s so,
        // 1.4 s spinning), and a lone call was no slower without it (quire-bench engines,
        // one worker, run both ways during development).
        try Self.check(api, api.SetGlobalSpinControl(options, 0))
        var env: OpaquePointer?
        try Self.check(api, api.CreateEnvWithGlobalThreadPools(ORT_LOGGING_LEVEL_ERROR, "quire", options, &env))
        guard let env else { throw .runtime("no environment") }
        self.env = env
        try Self.check(api, api.DisableTelemetryEvents(env))
        // One memory arena for every session, not one each: an arena keeps what the
        // largest page needed, and with one per session per worker a 4000 x 3000 page
        // left 1 GiB resident after two pages where one shared arena leaves half that.
        var arena: OpaquePointer?
        try Self.check(api, api.CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &arena))
        defer { api.ReleaseMemoryInfo(arena) }
        // Regions as large as asked, not rounded up to a power of two: a page's largest
        // tensors grew the arena in steps of up to 1 GiB, which stayed. With six 8192 x
        // 8192 pages at once (auto, two workers) 1.4 GiB stayed so, 0.4 GiB this way,
        // and pages were read as fast (quire recognize on the evaluation set's ten pages).
        var arenaConfig: OpaquePointer?
        let extendAsRequested = strdup("arena_extend_strategy")
        defer { free(extendAsRequested) }
        try Self.check(api, api.CreateArenaCfgV2([UnsafePointer(extendAsRequested)], [1], 1, &arenaConfig))
        defer { api.ReleaseArenaCfg(arenaConfig) }
        try Self.check(api, api.CreateAndRegisterAllocator(env, arena, arenaConfig))
        var memoryInfo: OpaquePointer?
        try Self.check(api, api.CreateCpuMemoryInfo(OrtDeviceAllocator, OrtMemTypeDefault, &memoryInfo))
        guard let memoryInfo else { throw .runtime("no memory description") }
        self.memoryInfo = memoryInfo
        var allocator: OpaquePointer?
        try Self.check(api, api.GetAllocatorWithDefaultOptions(&allocator))
        guard let allocator else { throw .runtime("no allocator") }
        self.allocator = allocator
        var releasing: OpaquePointer?
        try Self.check(api, api.CreateRunOptions(&releasing))
        guard let releasing else { throw .runtime("no run options") }
        try Self.check(api, api.AddRunConfigEntry(releasing, "memory.enable_memory_arena_shrinkage", "cpu:0"))
        releasingRun = releasing
    }

    deinit {
        api.ReleaseRunOptions(releasingRun)
        api.ReleaseMemoryInfo(memoryInfo)
        api.ReleaseEnv(env)
    }

    /// Throws the message of a failed call, releasing its status.
    static func check(_ api: OrtApi, _ status: OpaquePointer?) throws(PaddleSetupError) {
        guard let status else { return }
        let message = api.GetErrorMessage(status).map { String(cString: $0) } ?? "unknown error"
        api.ReleaseStatus(status)
        throw .runtime(message)
    }

    func check(_ status: OpaquePointer?) throws(PaddleSetupError) { try Self.check(api, status) }

    /// A session for the model file at `path`, on the shared thread pool.
    func session(model path: String) throws(PaddleSetupError) -> OnnxSession {
        guard FileManager.default.fileExists(atPath: path) else { throw .missingFile(path) }
        var options: OpaquePointer?
        try check(api.CreateSessionOptions(&options))
        defer { api.ReleaseSessionOptions(options) }
        try check(api.DisablePerSessionThreads(options))
        try check(api.AddSessionConfigEntry(options, "session.use_env_allocators", "1"))
        try check(api.SetSessionGraphOptimizationLevel(options, ORT_ENABLE_ALL))
        try check(api.SetSessionLogSeverityLevel(options, Int32(ORT_LOGGING_LEVEL_ERROR.rawValue)))
        var session: OpaquePointer?
        try check(api.CreateSession(env, path, options, &session))
        guard let session else { throw .runtime("no session for \(path)") }
        return try OnnxSession(runtime: self, session: session)
    }

    /// A string ONNX Runtime allocated, copied and freed.
    func takeString(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { _ = api.AllocatorFree(allocator, pointer) }
        return String(cString: pointer)
    }

    var defaultAllocator: OpaquePointer { allocator }
    var cpuMemory: OpaquePointer { memoryInfo }
}

/// A float tensor: its shape and values, row-major.
struct Tensor {
    var shape: [Int]
    var values: [Float]
}

/// One loaded model with one input and one output, created once and run many times.
final class OnnxSession {
    private let runtime: OnnxRuntime
    private let session: OpaquePointer
    private let inputName: String
    private let outputName: String

    fileprivate init(runtime: OnnxRuntime, session: OpaquePointer) throws(PaddleSetupError) {
        self.runtime = runtime
        self.session = session
        let api = runtime.api
        var name: UnsafeMutablePointer<CChar>?
        try runtime.check(api.SessionGetInputName(session, 0, runtime.defaultAllocator, &name))
        inputName = runtime.takeString(name) ?? ""
        name = nil
        try runtime.check(api.SessionGetOutputName(session, 0, runtime.defaultAllocator, &name))
        outputName = runtime.takeString(name) ?? ""
    }

    deinit { runtime.api.ReleaseSession(session) }

    /// A value from the model's custom metadata, nil when it has none under `key`.
    func metadata(_ key: String) throws(PaddleSetupError) -> String? {
        let api = runtime.api
        var metadata: OpaquePointer?
        try runtime.check(api.SessionGetModelMetadata(session, &metadata))
        defer { api.ReleaseModelMetadata(metadata) }
        var value: UnsafeMutablePointer<CChar>?
        try runtime.check(api.ModelMetadataLookupCustomMetadataMap(metadata, runtime.defaultAllocator, key, &value))
        return runtime.takeString(value)
    }

    /// Runs the model on `input` and returns its output; `releasingMemory` hands the
    /// arena's free memory back afterwards.
    func run(_ input: inout Tensor, releasingMemory: Bool = false) throws(PaddleSetupError) -> Tensor {
        try run(&input, releasingMemory: releasingMemory) { shape, values in Tensor(shape: shape, values: Array(values)) }
    }

    /// Runs the model on `input` and hands its output, in ONNX Runtime's own memory, to `body`.
    func run<T>(_ input: inout Tensor, releasingMemory: Bool = false,
                _ body: ([Int], UnsafeBufferPointer<Float>) -> T) throws(PaddleSetupError) -> T {
        let api = runtime.api
        var output: OpaquePointer?
        try runtime.check(input.values.withUnsafeMutableBytes { bytes in
            withValue(over: bytes, shape: input.shape) { value in
                run(value, into: &output, options: releasingMemory ? runtime.releasingRun : nil)
            }
        })
        defer { api.ReleaseValue(output) }
        var info: OpaquePointer?
        try runtime.check(api.GetTensorTypeAndShape(output, &info))
        defer { api.ReleaseTensorTypeAndShapeInfo(info) }
        var rank = 0
        try runtime.check(api.GetDimensionsCount(info, &rank))
        var dimensions = [Int64](repeating: 0, count: rank)
        try runtime.check(api.GetDimensions(info, &dimensions, rank))
        var data: UnsafeMutableRawPointer?
        try runtime.check(api.GetTensorMutableData(output, &data))
        let count = dimensions.reduce(1) { $0 * Int($1) }
        guard let data else { throw .runtime("the model gave no output") }
        return body(dimensions.map(Int.init), UnsafeBufferPointer(start: data.assumingMemoryBound(to: Float.self), count: count))
    }

    /// Runs the model on `input` into `output`, whose shape the caller knows, and hands
    /// every region of the arena back. The arena gives back only the regions wholly free
    /// when a run ends, and a run's output is still in the arena then, keeping its region
    /// (and every later run's output lands in the free space beside it): `auto` kept
    /// 245 MiB after two 8192 x 8192 pages so. An output in the caller's memory leaves
    /// the arena empty.
    func runHandingBackMemory(_ input: inout Tensor, into output: inout Tensor) throws(PaddleSetupError) {
        let status: OpaquePointer? = input.values.withUnsafeMutableBytes { inBytes in
            output.values.withUnsafeMutableBytes { outBytes in
                withValue(over: inBytes, shape: input.shape) { inValue in
                    withValue(over: outBytes, shape: output.shape) { outValue in
                        var filled: OpaquePointer? = outValue
                        return run(inValue, into: &filled, options: runtime.releasingRun)
                    }
                }
            }
        }
        try runtime.check(status)
    }

    /// `body` given a tensor value borrowing `bytes` (nil if it could not be made, with its status).
    private func withValue(over bytes: UnsafeMutableRawBufferPointer, shape: [Int],
                           _ body: (OpaquePointer?) -> OpaquePointer?) -> OpaquePointer? {
        let api = runtime.api
        let dimensions = shape.map(Int64.init)
        var value: OpaquePointer?
        if let failed = api.CreateTensorWithDataAsOrtValue(runtime.cpuMemory, bytes.baseAddress, bytes.count, dimensions,
                                                           dimensions.count, ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &value) {
            return failed
        }
        defer { api.ReleaseValue(value) }
        return body(value)
    }

    /// One run of the session's one input to its one output: the status, or nil.
    private func run(_ input: OpaquePointer?, into output: inout OpaquePointer?, options: OpaquePointer?) -> OpaquePointer? {
        inputName.withCString { inName in
            outputName.withCString { outName in
                var inputs: [OpaquePointer?] = [input]
                var inNames: [UnsafePointer<CChar>?] = [inName]
                var outNames: [UnsafePointer<CChar>?] = [outName]
                return runtime.api.Run(session, options, &inNames, &inputs, 1, &outNames, 1, &output)
            }
        }
    }
}
