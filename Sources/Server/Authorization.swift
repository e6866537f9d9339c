import Foundation
import Hummingbird

/// Who is calling: the admin (bearer admin token) or a candidate (an interview's join token).
enum Caller: Equatable {
    case admin
    case candidate(joinToken: String)
    case anonymous
}

extension Request {
    /// The bearer token of the `Authorization` header, or the `token` query parameter.
    var presentedToken: String? {
        if let header = headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]) }
        }
        return uri.queryParameters.get("token")
    }

    func caller(adminToken: String) -> Caller {
        guard let token = presentedToken else { return .anonymous }
        if ConstantTime.equal(token, adminToken) { return .admin }
        return .candidate(joinToken: token)
    }
}

/// Comparison that takes the same time whatever the position of the first difference.
enum ConstantTime {
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(truncatingIfNeeded: x.count ^ y.count)
        for index in 0..<max(x.count, y.count) {
            let left = index < x.count ? x[index] : 0
            let right = index < y.count ? y[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}
