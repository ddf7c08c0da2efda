import Foundation
import Hummingbird
import NIOCore

/// The OpenAPI 3.1 description of `/api/v1`, served at `GET /api/v1/openapi.json` so council developers can
/// generate clients. The document is written by hand in the module's resources (`openapi/openapi.json`)
/// and kept true by tests: `OpenAPIDocumentTests` checks every `/api/v1` route is in it with its permission,
/// and `scripts/openapi-check` validates real responses of a running IMS against its schemas.
enum OpenAPIDocument {
    /// Where the document sits in the module's resource bundle.
    static var url: URL { Bundle.module.bundleURL.appendingPathComponent("openapi/openapi.json") }

    /// The document's bytes, read and checked to be a JSON object once at start-up: a missing or broken
    /// document stops IMS starting rather than being served.
    static func load() throws -> Data {
        let url = url
        guard let data = try? Data(contentsOf: url) else {
            throw ConfigurationError(key: "resources", "the IMSWeb resource bundle is missing the OpenAPI document (\(url.path))")
        }
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw ConfigurationError(key: "resources", "the OpenAPI document is not a JSON object (\(url.path))")
        }
        return data
    }

    /// Registers `GET /api/v1/openapi.json`; throws when the document cannot be loaded.
    static func register(on routes: RouteTable) throws {
        let document = ByteBuffer(bytes: try load())
        routes.add(.get, "/api/v1/openapi.json", access: .open, "The OpenAPI 3.1 description of /api/v1") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "public, max-age=300"],
                body: .init(byteBuffer: document))
        }
    }
}
