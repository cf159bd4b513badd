/// Quire's version, as `quire --version` prints it: raised with each release.
enum QuireVersion {
    static let current = "0.12.0"
}
