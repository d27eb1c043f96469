import DanCuAPI
import DanCuCore
import DanCuServices
import Foundation
import OpenAPIRuntime

/// The services' values as the API's types.
extension ServicesController {
    static func words(_ w: Procedure.Words) -> Components.Schemas.Words { .init(vi: w.vi, en: w.en) }

    static func date(_ micros: Int64) -> Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }

    static func sealed(_ d: SealedDocument) -> Components.Schemas.SealedDocument {
        let doc = d.document
        return .init(
            jws: d.jws,
            document: .init(
                id: doc.id, procedure: doc.procedure, title: doc.title, holder: doc.holder, issuer: doc.issuer, issuedOn: doc.issuedOn,
                statements: doc.statements))
    }

    static func summary(_ p: Procedure) -> Components.Schemas.ProcedureSummary {
        .init(
            code: p.code, essentialNumber: p.essentialNumber, name: words(p.name), responsibleBody: words(p.responsibleBody),
            eidLevel: p.applicants.eidLevel, processingDays: p.processingDays, fee: p.fee.amount, interlinked: p.isInterlinked)
    }

    static func procedure(_ p: Procedure) -> Components.Schemas.Procedure {
        .init(
            code: p.code, essentialNumber: p.essentialNumber, name: words(p.name), responsibleBody: words(p.responsibleBody), legalBasis: p.legalBasis,
            eidLevel: p.applicants.eidLevel, minimumAge: p.applicants.minimumAge, subject: .init(rawValue: p.applicants.subject.rawValue) ?? .applicant,
            fields: p.fields.map {
                .init(
                    name: $0.name, label: words($0.label), _type: $0.type.rawValue, register: $0.register?.description, required: $0.required,
                    options: $0.options.isEmpty ? nil : $0.options)
            },
            attachments: p.attachments.map {
                .init(code: $0.code, name: words($0.name), required: $0.required, mediaTypes: $0.mediaTypes, maxBytes: $0.maxBytes)
            },
            fee: p.fee.amount, processingDays: p.processingDays,
            steps: p.steps.map { .init(id: $0.id, name: words($0.name), desk: $0.desk.rawValue, after: $0.after, workingDays: $0.workingDays) },
            results: p.results.map { .init(kind: $0.kind.rawValue, name: words($0.name), step: $0.step) })
    }

    static func shown(_ field: ApplicationView.ShownField) -> Components.Schemas.ShownField {
        .init(name: field.name, label: words(field.label), value: field.value)
    }

    /// An application; officers also see who acted at each event.
    static func application(_ view: ApplicationView, forOfficer: Bool) throws -> Components.Schemas.Application {
        let a = view.application
        // The form's values as they are: writing them as JSON to parse them again was 2 % of an
        // online birth's processor time.
        let fields = try OpenAPIObjectContainer(unvalidatedValue: view.form.jsonObject)
        let late = Set(view.lateSteps)
        // The ward of a deceased person's residence routed the application: the applicant may not read it.
        let ward = forOfficer || view.procedure.jurisdiction != .subjectResidence ? a.wardCode : nil
        return .init(
            code: a.code, procedure: a.procedure, status: .init(rawValue: a.status.rawValue) ?? .submitted, wardCode: ward,
            subject: a.subject.flatMap { try? PersonalNumber($0) }, submittedAt: date(a.submittedAt), receivedOn: a.receivedOn, deadline: a.deadline,
            finishedOn: a.finishedOn, late: view.late,
            supplement: a.supplement.map { .init(step: $0.step, reason: $0.reason, requestedOn: $0.requestedOn) },
            fields: .init(additionalProperties: fields), shown: view.shown.map(shown),
            steps: a.steps.map {
                .init(
                    id: $0.id, desk: $0.desk.rawValue, status: .init(rawValue: $0.status.rawValue) ?? .waiting, openedOn: $0.openedOn, due: $0.due,
                    decidedOn: $0.decidedOn, late: late.contains($0.id), note: $0.note)
            },
            events: view.events.map {
                .init(kind: $0.kind.rawValue, step: $0.step, at: date($0.at), actor: forOfficer ? $0.actor : nil, note: $0.note)
            },
            results: view.results.map {
                .init(
                    kind: .init(rawValue: $0.kind.rawValue) ?? .document, name: words($0.name), step: $0.step, issued: $0.issued, value: $0.value,
                    document: $0.document.map(sealed))
            },
            attachments: view.attachments.map { attachment($0, of: view, forOfficer: forOfficer) })
    }

    static func attachment(_ kept: KeptAttachment, of view: ApplicationView, forOfficer: Bool) -> Components.Schemas.ApplicationAttachment {
        let name = view.procedure.attachments.first { $0.code == kept.code }?.name
        let href = (forOfficer ? "/v1/applications/" : "/me/api/applications/") + view.application.code + "/attachments/" + kept.code
        return .init(
            code: kept.code, name: name.map(words) ?? .init(vi: kept.code, en: kept.code), mediaType: kept.mediaType, bytes: kept.byteCount,
            sha256: kept.sha256, fileName: kept.fileName, addedAt: date(kept.addedAt), href: href)
    }
}
