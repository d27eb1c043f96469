import Testing

@testable import DanCuWeb

/// Which `Content-Type` a JSON body may come with: `application/json` or a `+json` type, in any case,
/// with parameters and optional white space; nothing that only resembles one.
@Suite struct MediaTypeTests {
    @Test(arguments: [
        "application/json", "Application/JSON", "application/json; charset=utf-8", " application/json ", "\tapplication/json;charset=UTF-8",
        "application/problem+json", "APPLICATION/MERGE-PATCH+JSON; x=1", "application/+json",
    ])
    func jsonTypesAreTakenAsJSON(_ type: String) {
        #expect(Handling.isJSON(type))
    }

    @Test(arguments: [
        "", ";", "application/jsonx", "application/json5", "text/json", "application/xml", "application/json-seq", "application/x+jsonp",
        "multipart/form-data; boundary=+json", "applicationjson", "application/jso", "app/json", "application/ json",
    ])
    func otherTypesAreNot(_ type: String) {
        #expect(!Handling.isJSON(type))
    }

    @Test func noTypeIsNotJSON() {
        #expect(!Handling.isJSON(nil))
    }
}
