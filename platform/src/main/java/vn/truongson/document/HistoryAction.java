package vn.truongson.document;

/**
 * What a line of a document's history ({@code document_event.action}) records: the one place that names them, so no
 * query or step writes or compares the word itself. NOTICE lines carry an edXML status code (01–06) for a recipient.
 */
public enum HistoryAction {
    DRAFTED, SENT_BACK, RESUBMITTED, SIGNED, ISSUED, SENT, IMPORTED, RETURNED, NOTICE
}
