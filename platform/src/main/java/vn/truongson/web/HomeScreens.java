package vn.truongson.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The public landing page and the officials' home. */
@Controller
class HomeScreens {

    @GetMapping("/")
    String landing() {
        return "index";
    }

    @GetMapping("/office")
    String office() {
        return "office/home";
    }
}
