package vn.truongson.document;

import vn.truongson.core.DomainException;

/**
 * A step the document's (or its recipient's, or assignment's) state does not allow: signing what is not a draft,
 * issuing twice, sending before issue. A {@link DomainException.Conflict}, so the web layer answers 409 with the
 * message of its key, in one place (core.Problems).
 */
public class IllegalTransition extends DomainException.Conflict {

    public IllegalTransition(String messageKey, Object... args) {
        super(messageKey, args);
    }
}
