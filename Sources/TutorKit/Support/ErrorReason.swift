import Foundation
import GRDB

/// The short reason an error from SQLite or the file system gives, for a one-line message.
enum ErrorReason {
    static func of(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return (error as NSError).localizedDescription
    }
}
