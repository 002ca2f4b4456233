package vn.truongson.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The stand-in SMS gateway: writes what it would send to the log, masking all but the number's last three digits. */
class LoggingSmsGateway implements SmsGateway {

    private static final Logger log = LoggerFactory.getLogger(LoggingSmsGateway.class);

    @Override
    public void send(String phone, String text) {
        String masked = phone.length() <= 3 ? "***" : "*".repeat(phone.length() - 3) + phone.substring(phone.length() - 3);
        log.info("SMS to {}: {}", masked, text);
    }
}
