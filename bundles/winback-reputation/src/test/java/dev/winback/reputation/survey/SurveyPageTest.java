package dev.winback.reputation.survey;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.reputation.SurveyKind;
import org.junit.jupiter.api.Test;

/** The survey form: labelled controls, the customer's words escaped when the form comes back. */
class SurveyPageTest {

    @Test
    void everyScoreHasItsLabelAndTheGroupItsLegend() {
        String csat = SurveyPage.form(SurveyKind.CSAT, null, null, null);

        assertTrue(csat.contains("<legend>How satisfied"), csat);
        for (int s = 1; s <= 5; s++) {
            assertTrue(csat.contains("id=\"score-" + s + "\" value=\"" + s + "\"><label for=\"score-" + s + "\">"),
                    csat);
        }
        assertFalse(csat.contains("score-0"), csat);
        assertFalse(csat.contains("score-6"), csat);
        assertTrue(csat.contains("<label for=\"comment\">"), csat);
        assertFalse(csat.contains("role=\"alert\""), csat);
    }

    @Test
    void aFormThatComesBackKeepsTheAnswerEscapedAndSaysWhatIsWrong() {
        String html = SurveyPage.form(SurveyKind.NPS, "7", "</textarea><script>alert('x')</script>",
                "Please choose a <b>score</b>");

        assertTrue(html.contains("id=\"score-7\" value=\"7\" checked>"), html);
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;/textarea&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</textarea>"), html);
        assertTrue(html.contains("role=\"alert\">Please choose a &lt;b&gt;score&lt;/b&gt;</p>"), html);
        assertTrue(html.contains("aria-describedby=\"error\""), html);
    }
}
