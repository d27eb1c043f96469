public import DanCuCore

/// One row of an agency's file, or one person of the register, as record linkage sees it: the fields
/// that say who someone is, as they were written, mistakes included.
public struct LinkageRecord: Hashable, Sendable {
    public var recordId: String
    public var fullName: String
    public var sex: Sex?
    public var dateOfBirth: PartialDate?
    /// Digits only; may be mistyped, may be missing.
    public var personalNumber: String?
    public var provinceCode: String?
    public var wardCode: String?

    public init(
        recordId: String, fullName: String, sex: Sex? = nil, dateOfBirth: PartialDate? = nil, personalNumber: String? = nil,
        provinceCode: String? = nil, wardCode: String? = nil
    ) {
        self.recordId = recordId
        self.fullName = fullName
        self.sex = sex
        self.dateOfBirth = dateOfBirth
        self.personalNumber = personalNumber
        self.provinceCode = provinceCode
        self.wardCode = wardCode
    }
}
