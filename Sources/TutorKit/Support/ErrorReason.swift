import Foundation
import GRDB

/// Why an operation failed, in plain words: never "NSCocoaErrorDomain error 512".
enum ErrorReason {
    static func of(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        let error = error as NSError
        // Foundation wraps the system's reason; that reason is the one that says what happened.
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
        if error.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: error.code) {
            case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
            case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
            case .fileWriteOutOfSpace: return "no space left on the disk"
            case .fileWriteFileExists: return "something is already there"
            case .fileWriteVolumeReadOnly: return "the disk is read-only"
            case .fileReadCorruptFile: return "the file cannot be read as expected"
            case .fileReadInapplicableStringEncoding: return "the file is not UTF-8 text"
            case .fileWriteInvalidFileName: return "the name is not a valid file name"
            case .fileWriteUnknown: return "it could not be written"
            case .fileReadUnknown: return "it could not be read"
            default: break
            }
        }
        let description = error.localizedDescription
        return description.contains("error \(error.code)") ? "an unexpected system error (code \(error.code))" : description
    }
}
