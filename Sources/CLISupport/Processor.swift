import Engine
import Foundation

/// The processor a figure was taken on: a speed is only meaningful beside it.
public struct Processor: Encodable, Sendable {
    public var model: String
    public var family: Int?
    public var modelNumber: Int?
    public var cores: Int
    /// The vector extensions that matter for float32 kernels (avx2, fma, avx512f, avx512_bf16, ...).
    public var vectorExtensions: [String]
    /// What computes sgemm: "oneDNN 2.6.3 sgemm" or "OpenBLAS Cooperlake kernels" (`BLAS.backend`).
    public var sgemm: String
    /// Whose kernels compute the strided convolutions: "oneDNN 2.6.3 ..." or "wgan-swift's" (`WGAN_CONV`).
    public var convolutions: String
    /// The kernels OpenBLAS picked at run time (used when the sgemm backend is OpenBLAS).
    public var openblasCore: String
    /// An OPENBLAS_CORETYPE the tool set aside to use the processor's own kernels (`BLASKernels`), if any.
    public var overriddenCoreType: String?

    enum CodingKeys: String, CodingKey {
        case model, family, modelNumber = "model_number", cores, vectorExtensions = "vector_extensions", sgemm,
            convolutions, openblasCore = "openblas_core"
        case overriddenCoreType = "openblas_coretype_set_aside"
    }

    static let interesting = [
        "avx", "avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16", "amx_tile",
    ]

    /// Read from /proc/cpuinfo (fields left empty where it is missing) and from OpenBLAS.
    public static var current: Processor {
        Processor(
            model: CPUInfo.field("model name") ?? "unknown", family: CPUInfo.family,
            modelNumber: CPUInfo.field("model\t").flatMap { Int($0) } ?? CPUInfo.field("model").flatMap { Int($0) },
            cores: ProcessInfo.processInfo.activeProcessorCount,
            vectorExtensions: interesting.filter(CPUInfo.flags.contains), sgemm: BLAS.kernelsDescription,
            convolutions: OneDNNConv.kernelsDescription, openblasCore: BLAS.coreName,
            overriddenCoreType: ProcessInfo.processInfo.environment["WGAN_OPENBLAS_REEXEC"])
    }

    /// One line: "AMD EPYC (family 25 model 17), 2 cores, avx2 fma avx512f ..., oneDNN 2.6.3 sgemm, oneDNN
    /// 2.6.3 strided convolutions".
    public var summary: String {
        let fm = family.map { " (family \($0)" + (modelNumber.map { " model \($0)" } ?? "") + ")" } ?? ""
        return "\(model)\(fm), \(cores) cores, \(vectorExtensions.joined(separator: " ")), \(sgemm), \(convolutions)"
            + (overriddenCoreType.map { " (OPENBLAS_CORETYPE=\($0) set aside)" } ?? "")
    }
}
