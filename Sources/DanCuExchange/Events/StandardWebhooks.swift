public import Crypto
import Foundation

/// The Standard Webhooks signature (standardwebhooks.com): over `{webhook-id}.{webhook-timestamp}.{body}`,
/// `v1,` and the base64 HMAC-SHA256 under the subscription's secret, or `v1a,` and the base64 Ed25519
/// signature by DanCu's exchange key. Pure.
public enum StandardWebhooks {
    public static func content(id: String, timestamp: Int, body: [UInt8]) -> [UInt8] {
        Array("\(id).\(timestamp).".utf8) + body
    }

    public static func v1(id: String, timestamp: Int, body: [UInt8], secret: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: content(id: id, timestamp: timestamp, body: body), using: SymmetricKey(data: secret))
        return "v1," + Data(mac).base64EncodedString()
    }

    public static func v1a(id: String, timestamp: Int, body: [UInt8], key: Curve25519.Signing.PrivateKey) throws -> String {
        "v1a," + (try key.signature(for: content(id: id, timestamp: timestamp, body: body))).base64EncodedString()
    }

    /// The three headers of a delivery.
    public static func headers(id: String, timestamp: Int, signature: String) -> [(name: String, value: String)] {
        [("webhook-id", id), ("webhook-timestamp", String(timestamp)), ("webhook-signature", signature), ("Content-Type", "application/json")]
    }
}

/// Sends one delivery to a member's endpoint and says what its status was: the composition root gives
/// the real one (an HTTP client), so the rules of delivery stay free of I/O choices.
public protocol WebhookTransport: Sendable {
    func post(_ url: String, headers: [(name: String, value: String)], body: [UInt8]) async throws -> Int
}
