import Foundation
import Hummingbird
import IMSCore

/// What IMS knows about a request while handling it: who is calling (the API key, once checked).
public struct IMSRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The council service's key, when the route needs one and it was valid.
    public var apiKey: APIKey?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// JSON with snake_case keys, as the API documents, and stable key order.
    public var responseEncoder: JSONEncoder { IMSJSON.encoder }
    public var requestDecoder: JSONDecoder { IMSJSON.decoder }
    /// API bodies are small; anything larger is refused before it is read.
    public var maxUploadSize: Int { 1024 * 1024 }
}

/// The JSON conventions of the API.
enum IMSJSON {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
