package vn.truongson.notify;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code truongson.notify}. The SMTP server itself is Spring Boot's {@code spring.mail.*}: without
 * {@code spring.mail.host} no e-mail is sent and the e-mail deliveries are recorded as skipped.
 *
 * @param mailFrom the sender of the e-mails
 * @param baseUrl the platform's address as its users reach it (https://truongson.bqp.vn), put before the links
 *     in e-mails and SMS; empty leaves the links as paths
 * @param smsEnabled whether notifications also go by SMS, through the {@link SmsGateway}
 */
@ConfigurationProperties("truongson.notify")
public record NotifyProperties(@DefaultValue("truongson@localhost") String mailFrom, @DefaultValue("") String baseUrl,
        @DefaultValue("false") boolean smsEnabled) {

    public NotifyProperties {
        if (baseUrl.endsWith("/")) baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
    }
}
