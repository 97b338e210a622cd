package webchat.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateReaderTest {

    private static Object valueOf(String yaml) {
        return TemplateReader.parse("Value: " + yaml + "\n", "test").get("Value");
    }

    @Test
    void refAndConditionTagsBecomeTheirOwnKeys() {
        assertEquals(Map.of("Ref", "Table"), valueOf("!Ref Table"));
        assertEquals(Map.of("Condition", "IsProd"), valueOf("!Condition IsProd"));
    }

    @Test
    void getAttScalarIsSplitOnTheFirstDotOnly() {
        assertEquals(Map.of("Fn::GetAtt", List.of("Table", "StreamArn")), valueOf("!GetAtt Table.StreamArn"));
        assertEquals(Map.of("Fn::GetAtt", List.of("Db", "Endpoint.Address")), valueOf("!GetAtt Db.Endpoint.Address"));
    }

    @Test
    void getAttSequenceIsKeptAsTheAttributeList() {
        assertEquals(Map.of("Fn::GetAtt", List.of("Fn", "Arn")), valueOf("!GetAtt [Fn, Arn]"));
    }

    @Test
    void everyOtherShortTagBecomesFnPrefixedInScalarSequenceAndMappingForm() {
        for (String name : TemplateReader.SHORT_TAGS) {
            if (name.equals("Ref") || name.equals("Condition") || name.equals("GetAtt")) {
                continue;
            }
            assertEquals(Map.of("Fn::" + name, "x"), valueOf("!" + name + " x"), name + " scalar");
            assertEquals(Map.of("Fn::" + name, List.of("a", "b")), valueOf("!" + name + " [a, b]"), name + " seq");
            assertEquals(Map.of("Fn::" + name, Map.of("k", "v")), valueOf("!" + name + " {k: v}"), name + " map");
        }
    }

    @Test
    void nestedTagsInsideSequencesAndBlockMappingsAreConverted() {
        Object value = TemplateReader.parse("""
                Value: !If
                  - HasEndpoint
                  - !Sub
                    - 'https://${Host}/${Stage}'
                    - Host: !GetAtt Api.ApiEndpoint
                      Stage: !Ref StageName
                  - !Ref 'AWS::NoValue'
                """, "test").get("Value");

        assertEquals(Map.of("Fn::If", List.of(
                "HasEndpoint",
                Map.of("Fn::Sub", List.of("https://${Host}/${Stage}", Map.of(
                        "Host", Map.of("Fn::GetAtt", List.of("Api", "ApiEndpoint")),
                        "Stage", Map.of("Ref", "StageName")))),
                Map.of("Ref", "AWS::NoValue"))), value);
    }

    @Test
    void notOfEqualsFromTheProjectTemplateIsReadAsLongForm() {
        assertEquals(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "ManagementEndpoint"), "")))),
                valueOf("!Not [!Equals [!Ref ManagementEndpoint, '']]"));
    }

    @Test
    void anUndocumentedLocalTagBecomesAnFnCallForTheResolverToReport() {
        assertEquals(Map.of("Fn::Length", List.of("a")), valueOf("!Length [a]"));
    }

    @Test
    void datesStayStringsSoTheFormatVersionIsUnchanged() {
        assertEquals("2010-09-09", TemplateReader.parse("AWSTemplateFormatVersion: 2010-09-09\n", "t")
                .get("AWSTemplateFormatVersion"));
    }

    @Test
    void jsonTemplatesWithTabIndentationAreRead() {
        var template = TemplateReader.parse("{\n\t\"Resources\": {\n\t\t\"T\": {\"Type\": \"AWS::DynamoDB::Table\","
                + " \"Properties\": {\"TableName\": {\"Fn::Sub\": \"${AWS::StackName}-t\"}}}\n\t}\n}", "t.json");

        assertEquals(Map.of("T", Map.of("Type", "AWS::DynamoDB::Table",
                "Properties", Map.of("TableName", Map.of("Fn::Sub", "${AWS::StackName}-t")))),
                template.get("Resources"));
    }

    @Test
    void invalidYamlIsReportedWithTheSourceName() {
        var error = assertThrows(TemplateException.class, () -> TemplateReader.parse("a: [unclosed\n", "broken.yaml"));
        assertEquals(true, error.getMessage().contains("broken.yaml"), error.getMessage());
    }

    @Test
    void duplicateKeysAreRejectedLikeCloudFormationDoes() {
        assertThrows(TemplateException.class, () -> TemplateReader.parse("A: 1\nA: 2\n", "dup.yaml"));
    }
}
