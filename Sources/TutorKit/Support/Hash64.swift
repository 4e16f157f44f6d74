import Foundation

/// FNV-1a, 64 bits: fast, stable across runs and platforms, enough to tell content apart.
struct Hash64 {
    private var value: UInt64 = 0xcbf29ce484222325

    mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x100000001b3
        }
    }

    /// The text's UTF-8 bytes, read from its storage where it has one: stepping through
    /// `String.UTF8View` cost about 30 instructions a byte, a buffer 4.
    mutating func add(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ add($0) }) == nil { add(text.utf8) }
    }

    mutating func add(_ data: Data) { data.withUnsafeBytes { add($0) } }

    var hex: String { String(value, radix: 16) }

    /// The hash as a number.
    var number: UInt64 { value }

    static func hex(_ text: String) -> String {
        var hash = Hash64()
        hash.add(text)
        return hash.hex
    }
}
