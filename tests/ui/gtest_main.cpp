// The ui tests run inside one QApplication on the offscreen platform.
#include <QApplication>
#include <QStandardPaths>

#include <gtest/gtest.h>

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QStandardPaths::setTestModeEnabled(true);  // settings go to a test location
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("BackpressureLabTests"));
    QApplication::setApplicationName(QStringLiteral("bplab_ui_tests"));
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
