package vn.truongson;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Trường Sơn: the digital-government platform of the defence ministry, one modular application. */
@SpringBootApplication(excludeName = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration")
@ConfigurationPropertiesScan
@EnableScheduling
// Module listeners (@ApplicationModuleListener) run after the commit on a thread of their own: a slow SMTP server
// never holds the request or the job that sent a notification.
@EnableAsync
// clamd is a library of its own Maven module (clamd/, shared with the gateway) that Modulith finds under our base
// package: shared, so that the module tests' bootstrap allows secops to use it (ModularityTest leaves it out).
@Modulithic(sharedModules = {"core", "paper", "clamd"}, systemName = "Trường Sơn")
public class TruongSonApplication {

    public static void main(String[] args) {
        SpringApplication.run(TruongSonApplication.class, args);
    }
}
