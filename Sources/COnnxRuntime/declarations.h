// Quire's own declarations of the part of ONNX Runtime's C API it uses, written from
// the ABI ONNX Runtime documents (include/onnxruntime/core/session/onnxruntime_c_api.h).
// The library is not linked: PaddleRecognizer loads libonnxruntime.so at run time and
// asks it for `OrtGetApiBase`. `OrtApi` is a table of function pointers that only ever
// grows at the end, so a table declared up to the last entry Quire calls is valid for
// every runtime that supports the API version requested; entries Quire does not call
// are kept as untyped slots so that the ones it does call sit at their documented place.
#pragma once
// Only the function pointers carry nullability (so that Swift calls them directly).
#pragma clang diagnostic ignored "-Wnullability-completeness"
#include <stddef.h>
#include <stdint.h>

/// The API version these declarations follow (ONNX Runtime 1.13's table, which every
/// later runtime also serves).
#define QUIRE_ORT_API_VERSION 13

typedef struct OrtEnv OrtEnv;
typedef struct OrtStatus OrtStatus;
typedef struct OrtMemoryInfo OrtMemoryInfo;
typedef struct OrtSession OrtSession;
typedef struct OrtValue OrtValue;
typedef struct OrtRunOptions OrtRunOptions;
typedef struct OrtArenaCfg OrtArenaCfg;
typedef struct OrtTensorTypeAndShapeInfo OrtTensorTypeAndShapeInfo;
typedef struct OrtSessionOptions OrtSessionOptions;
typedef struct OrtModelMetadata OrtModelMetadata;
typedef struct OrtThreadingOptions OrtThreadingOptions;
typedef struct OrtAllocator OrtAllocator;

typedef enum OrtLoggingLevel {
    ORT_LOGGING_LEVEL_VERBOSE = 0,
    ORT_LOGGING_LEVEL_INFO = 1,
    ORT_LOGGING_LEVEL_WARNING = 2,
    ORT_LOGGING_LEVEL_ERROR = 3,
    ORT_LOGGING_LEVEL_FATAL = 4,
} OrtLoggingLevel;

typedef enum ONNXTensorElementDataType {
    ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT = 1,
} ONNXTensorElementDataType;

typedef enum OrtAllocatorType {
    OrtDeviceAllocator = 0,
    OrtArenaAllocator = 1,
} OrtAllocatorType;

typedef enum OrtMemType {
    OrtMemTypeDefault = 0,
} OrtMemType;

typedef enum GraphOptimizationLevel {
    ORT_ENABLE_ALL = 99,
} GraphOptimizationLevel;

typedef void *QuireOrtSlot;  // an entry Quire does not call

typedef struct OrtApi {
    /*   0 */ QuireOrtSlot CreateStatus;
    /*   1 */ QuireOrtSlot GetErrorCode;
    /*   2 */ const char *(*_Nonnull GetErrorMessage)(const OrtStatus *status);
    /*   3 */ QuireOrtSlot CreateEnv;
    /*   4 */ QuireOrtSlot CreateEnvWithCustomLogger;
    /*   5 */ QuireOrtSlot EnableTelemetryEvents;
    /*   6 */ OrtStatus *(*_Nonnull DisableTelemetryEvents)(const OrtEnv *env);
    /*   7 */ OrtStatus *(*_Nonnull CreateSession)(const OrtEnv *env, const char *modelPath, const OrtSessionOptions *options,
                                          OrtSession **out);
    /*   8 */ QuireOrtSlot CreateSessionFromArray;
    /*   9 */ OrtStatus *(*_Nonnull Run)(OrtSession *session, const OrtRunOptions *runOptions, const char *const *inputNames,
                                const OrtValue *const *inputs, size_t inputCount, const char *const *outputNames,
                                size_t outputCount, OrtValue **outputs);
    /*  10 */ OrtStatus *(*_Nonnull CreateSessionOptions)(OrtSessionOptions **out);
    /*  11 */ QuireOrtSlot SetOptimizedModelFilePath;
    /*  12 */ QuireOrtSlot CloneSessionOptions;
    /*  13 */ QuireOrtSlot SetSessionExecutionMode;
    /*  14 */ QuireOrtSlot EnableProfiling;
    /*  15 */ QuireOrtSlot DisableProfiling;
    /*  16 */ QuireOrtSlot EnableMemPattern;
    /*  17 */ QuireOrtSlot DisableMemPattern;
    /*  18 */ QuireOrtSlot EnableCpuMemArena;
    /*  19 */ QuireOrtSlot DisableCpuMemArena;
    /*  20 */ QuireOrtSlot SetSessionLogId;
    /*  21 */ QuireOrtSlot SetSessionLogVerbosityLevel;
    /*  22 */ OrtStatus *(*_Nonnull SetSessionLogSeverityLevel)(OrtSessionOptions *options, int level);
    /*  23 */ OrtStatus *(*_Nonnull SetSessionGraphOptimizationLevel)(OrtSessionOptions *options, GraphOptimizationLevel level);
    /*  24 */ QuireOrtSlot SetIntraOpNumThreads;
    /*  25 */ QuireOrtSlot SetInterOpNumThreads;
    /*  26 */ QuireOrtSlot CreateCustomOpDomain;
    /*  27 */ QuireOrtSlot CustomOpDomain_Add;
    /*  28 */ QuireOrtSlot AddCustomOpDomain;
    /*  29 */ QuireOrtSlot RegisterCustomOpsLibrary;
    /*  30 */ OrtStatus *(*_Nonnull SessionGetInputCount)(const OrtSession *session, size_t *out);
    /*  31 */ OrtStatus *(*_Nonnull SessionGetOutputCount)(const OrtSession *session, size_t *out);
    /*  32 */ QuireOrtSlot SessionGetOverridableInitializerCount;
    /*  33 */ QuireOrtSlot SessionGetInputTypeInfo;
    /*  34 */ QuireOrtSlot SessionGetOutputTypeInfo;
    /*  35 */ QuireOrtSlot SessionGetOverridableInitializerTypeInfo;
    /*  36 */ OrtStatus *(*_Nonnull SessionGetInputName)(const OrtSession *session, size_t index, OrtAllocator *allocator,
                                                char **out);
    /*  37 */ OrtStatus *(*_Nonnull SessionGetOutputName)(const OrtSession *session, size_t index, OrtAllocator *allocator,
                                                 char **out);
    /*  38 */ QuireOrtSlot SessionGetOverridableInitializerName;
    /*  39 */ OrtStatus *(*_Nonnull CreateRunOptions)(OrtRunOptions **out);
    /*  40 */ QuireOrtSlot RunOptionsSetRunLogVerbosityLevel;
    /*  41 */ QuireOrtSlot RunOptionsSetRunLogSeverityLevel;
    /*  42 */ QuireOrtSlot RunOptionsSetRunTag;
    /*  43 */ QuireOrtSlot RunOptionsGetRunLogVerbosityLevel;
    /*  44 */ QuireOrtSlot RunOptionsGetRunLogSeverityLevel;
    /*  45 */ QuireOrtSlot RunOptionsGetRunTag;
    /*  46 */ QuireOrtSlot RunOptionsSetTerminate;
    /*  47 */ QuireOrtSlot RunOptionsUnsetTerminate;
    /*  48 */ QuireOrtSlot CreateTensorAsOrtValue;
    /*  49 */ OrtStatus *(*_Nonnull CreateTensorWithDataAsOrtValue)(const OrtMemoryInfo *info, void *data, size_t byteCount,
                                                           const int64_t *shape, size_t rank,
                                                           ONNXTensorElementDataType type, OrtValue **out);
    /*  50 */ QuireOrtSlot IsTensor;
    /*  51 */ OrtStatus *(*_Nonnull GetTensorMutableData)(OrtValue *value, void **out);
    /*  52 */ QuireOrtSlot FillStringTensor;
    /*  53 */ QuireOrtSlot GetStringTensorDataLength;
    /*  54 */ QuireOrtSlot GetStringTensorContent;
    /*  55 */ QuireOrtSlot CastTypeInfoToTensorInfo;
    /*  56 */ QuireOrtSlot GetOnnxTypeFromTypeInfo;
    /*  57 */ QuireOrtSlot CreateTensorTypeAndShapeInfo;
    /*  58 */ QuireOrtSlot SetTensorElementType;
    /*  59 */ QuireOrtSlot SetDimensions;
    /*  60 */ QuireOrtSlot GetTensorElementType;
    /*  61 */ OrtStatus *(*_Nonnull GetDimensionsCount)(const OrtTensorTypeAndShapeInfo *info, size_t *out);
    /*  62 */ OrtStatus *(*_Nonnull GetDimensions)(const OrtTensorTypeAndShapeInfo *info, int64_t *values, size_t count);
    /*  63 */ QuireOrtSlot GetSymbolicDimensions;
    /*  64 */ QuireOrtSlot GetTensorShapeElementCount;
    /*  65 */ OrtStatus *(*_Nonnull GetTensorTypeAndShape)(const OrtValue *value, OrtTensorTypeAndShapeInfo **out);
    /*  66 */ QuireOrtSlot GetTypeInfo;
    /*  67 */ QuireOrtSlot GetValueType;
    /*  68 */ QuireOrtSlot CreateMemoryInfo;
    /*  69 */ OrtStatus *(*_Nonnull CreateCpuMemoryInfo)(OrtAllocatorType type, OrtMemType memType, OrtMemoryInfo **out);
    /*  70 */ QuireOrtSlot CompareMemoryInfo;
    /*  71 */ QuireOrtSlot MemoryInfoGetName;
    /*  72 */ QuireOrtSlot MemoryInfoGetId;
    /*  73 */ QuireOrtSlot MemoryInfoGetMemType;
    /*  74 */ QuireOrtSlot MemoryInfoGetType;
    /*  75 */ QuireOrtSlot AllocatorAlloc;
    /*  76 */ OrtStatus *(*_Nonnull AllocatorFree)(OrtAllocator *allocator, void *pointer);
    /*  77 */ QuireOrtSlot AllocatorGetInfo;
    /*  78 */ OrtStatus *(*_Nonnull GetAllocatorWithDefaultOptions)(OrtAllocator **out);
    /*  79 */ QuireOrtSlot AddFreeDimensionOverride;
    /*  80 */ QuireOrtSlot GetValue;
    /*  81 */ QuireOrtSlot GetValueCount;
    /*  82 */ QuireOrtSlot CreateValue;
    /*  83 */ QuireOrtSlot CreateOpaqueValue;
    /*  84 */ QuireOrtSlot GetOpaqueValue;
    /*  85 */ QuireOrtSlot KernelInfoGetAttribute_float;
    /*  86 */ QuireOrtSlot KernelInfoGetAttribute_int64;
    /*  87 */ QuireOrtSlot KernelInfoGetAttribute_string;
    /*  88 */ QuireOrtSlot KernelContext_GetInputCount;
    /*  89 */ QuireOrtSlot KernelContext_GetOutputCount;
    /*  90 */ QuireOrtSlot KernelContext_GetInput;
    /*  91 */ QuireOrtSlot KernelContext_GetOutput;
    /*  92 */ void (*_Nonnull ReleaseEnv)(OrtEnv *object);
    /*  93 */ void (*_Nonnull ReleaseStatus)(OrtStatus *object);
    /*  94 */ void (*_Nonnull ReleaseMemoryInfo)(OrtMemoryInfo *object);
    /*  95 */ void (*_Nonnull ReleaseSession)(OrtSession *object);
    /*  96 */ void (*_Nonnull ReleaseValue)(OrtValue *object);
    /*  97 */ void (*_Nonnull ReleaseRunOptions)(OrtRunOptions *object);
    /*  98 */ QuireOrtSlot ReleaseTypeInfo;
    /*  99 */ void (*_Nonnull ReleaseTensorTypeAndShapeInfo)(OrtTensorTypeAndShapeInfo *object);
    /* 100 */ void (*_Nonnull ReleaseSessionOptions)(OrtSessionOptions *object);
    /* 101 */ QuireOrtSlot ReleaseCustomOpDomain;
    /* 102 */ QuireOrtSlot GetDenotationFromTypeInfo;
    /* 103 */ QuireOrtSlot CastTypeInfoToMapTypeInfo;
    /* 104 */ QuireOrtSlot CastTypeInfoToSequenceTypeInfo;
    /* 105 */ QuireOrtSlot GetMapKeyType;
    /* 106 */ QuireOrtSlot GetMapValueType;
    /* 107 */ QuireOrtSlot GetSequenceElementType;
    /* 108 */ QuireOrtSlot ReleaseMapTypeInfo;
    /* 109 */ QuireOrtSlot ReleaseSequenceTypeInfo;
    /* 110 */ QuireOrtSlot SessionEndProfiling;
    /* 111 */ OrtStatus *(*_Nonnull SessionGetModelMetadata)(const OrtSession *session, OrtModelMetadata **out);
    /* 112 */ QuireOrtSlot ModelMetadataGetProducerName;
    /* 113 */ QuireOrtSlot ModelMetadataGetGraphName;
    /* 114 */ QuireOrtSlot ModelMetadataGetDomain;
    /* 115 */ QuireOrtSlot ModelMetadataGetDescription;
    /* 116 */ OrtStatus *(*_Nonnull ModelMetadataLookupCustomMetadataMap)(const OrtModelMetadata *metadata,
                                                                 OrtAllocator *allocator, const char *key, char **out);
    /* 117 */ QuireOrtSlot ModelMetadataGetVersion;
    /* 118 */ void (*_Nonnull ReleaseModelMetadata)(OrtModelMetadata *object);
    /* 119 */ OrtStatus *(*_Nonnull CreateEnvWithGlobalThreadPools)(OrtLoggingLevel level, const char *logID,
                                                           const OrtThreadingOptions *threading, OrtEnv **out);
    /* 120 */ OrtStatus *(*_Nonnull DisablePerSessionThreads)(OrtSessionOptions *options);
    /* 121 */ OrtStatus *(*_Nonnull CreateThreadingOptions)(OrtThreadingOptions **out);
    /* 122 */ void (*_Nonnull ReleaseThreadingOptions)(OrtThreadingOptions *object);
    /* 123 */ QuireOrtSlot ModelMetadataGetCustomMetadataMapKeys;
    /* 124 */ QuireOrtSlot AddFreeDimensionOverrideByName;
    /* 125 */ QuireOrtSlot GetAvailableProviders;
    /* 126 */ QuireOrtSlot ReleaseAvailableProviders;
    /* 127 */ QuireOrtSlot GetStringTensorElementLength;
    /* 128 */ QuireOrtSlot GetStringTensorElement;
    /* 129 */ QuireOrtSlot FillStringTensorElement;
    /* 130 */ OrtStatus *(*_Nonnull AddSessionConfigEntry)(OrtSessionOptions *options, const char *key, const char *value);
    /* 131 */ QuireOrtSlot CreateAllocator;
    /* 132 */ QuireOrtSlot ReleaseAllocator;
    /* 133 */ QuireOrtSlot RunWithBinding;
    /* 134 */ QuireOrtSlot CreateIoBinding;
    /* 135 */ QuireOrtSlot ReleaseIoBinding;
    /* 136 */ QuireOrtSlot BindInput;
    /* 137 */ QuireOrtSlot BindOutput;
    /* 138 */ QuireOrtSlot BindOutputToDevice;
    /* 139 */ QuireOrtSlot GetBoundOutputNames;
    /* 140 */ QuireOrtSlot GetBoundOutputValues;
    /* 141 */ QuireOrtSlot ClearBoundInputs;
    /* 142 */ QuireOrtSlot ClearBoundOutputs;
    /* 143 */ QuireOrtSlot TensorAt;
    /* 144 */ OrtStatus *(*_Nonnull CreateAndRegisterAllocator)(OrtEnv *env, const OrtMemoryInfo *info, const OrtArenaCfg *arenaConfig);
    /* 145 */ QuireOrtSlot SetLanguageProjection;
    /* 146 */ QuireOrtSlot SessionGetProfilingStartTimeNs;
    /* 147 */ OrtStatus *(*_Nonnull SetGlobalIntraOpNumThreads)(OrtThreadingOptions *options, int threads);
    /* 148 */ OrtStatus *(*_Nonnull SetGlobalInterOpNumThreads)(OrtThreadingOptions *options, int threads);
    /* 149 */ OrtStatus *(*_Nonnull SetGlobalSpinControl)(OrtThreadingOptions *options, int allowSpinning);
    /* 150 */ QuireOrtSlot AddInitializer;
    /* 151 */ QuireOrtSlot CreateEnvWithCustomLoggerAndGlobalThreadPools;
    /* 152 */ QuireOrtSlot SessionOptionsAppendExecutionProvider_CUDA;
    /* 153 */ QuireOrtSlot SessionOptionsAppendExecutionProvider_ROCM;
    /* 154 */ QuireOrtSlot SessionOptionsAppendExecutionProvider_OpenVINO;
    /* 155 */ QuireOrtSlot SetGlobalDenormalAsZero;
    /* 156 */ QuireOrtSlot CreateArenaCfg;
    /* 157 */ void (*_Nonnull ReleaseArenaCfg)(OrtArenaCfg *object);
    /* 158 */ QuireOrtSlot ModelMetadataGetGraphDescription;
    /* 159 */ QuireOrtSlot SessionOptionsAppendExecutionProvider_TensorRT;
    /* 160 */ QuireOrtSlot SetCurrentGpuDeviceId;
    /* 161 */ QuireOrtSlot GetCurrentGpuDeviceId;
    /* 162 */ QuireOrtSlot KernelInfoGetAttributeArray_float;
    /* 163 */ QuireOrtSlot KernelInfoGetAttributeArray_int64;
    /* 164 */ OrtStatus *(*_Nonnull CreateArenaCfgV2)(const char *const *keys, const size_t *values, size_t count,
                                                      OrtArenaCfg **out);
    /* 165 */ OrtStatus *(*_Nonnull AddRunConfigEntry)(OrtRunOptions *options, const char *key, const char *value);

} OrtApi;

typedef struct OrtApiBase {
    const OrtApi *(*_Nonnull GetApi)(uint32_t version);
    const char *(*_Nonnull GetVersionString)(void);
} OrtApiBase;

/// The library's one entry point, looked up with dlsym.
typedef const OrtApiBase *(*_Nonnull QuireOrtGetApiBase)(void);
