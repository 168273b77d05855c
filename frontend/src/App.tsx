import { QueryClientProvider } from "@tanstack/react-query";
import { lazy, type ReactNode, Suspense, useState } from "react";
import { RouterProvider } from "react-aria-components";
import {
  createBrowserRouter,
  Navigate,
  type NavigateOptions,
  Route,
  RouterProvider as DataRouterProvider,
  Routes,
  useHref,
  useNavigate,
} from "react-router";

import { createQueryClient } from "./api/queryClient";
import { AccountScreen } from "./auth/AccountScreen";
import { AuthProvider, useAuth } from "./auth/AuthProvider";
import { MyCareScreen } from "./care/MyCareScreen";
import { LoginScreen } from "./auth/LoginScreen";
import { RegisterScreen } from "./auth/RegisterScreen";
import { AccountsScreen } from "./admin/AccountsScreen";
import { AssignmentsScreen } from "./admin/AssignmentsScreen";
import { AuditLogScreen } from "./admin/AuditLogScreen";
import { DoctorDashboardScreen } from "./dashboard/DoctorDashboardScreen";
import { PatientTodayScreen } from "./dashboard/PatientTodayScreen";
import { AppShell } from "./layout/AppShell";
import { homePathFor } from "./layout/navigation";
import { NotFoundScreen } from "./layout/NotFoundScreen";
import { RequireRole } from "./layout/RequireRole";
import { MessagesScreen } from "./messages/MessagesScreen";
import { NotificationsScreen } from "./notifications/NotificationsScreen";
import { PatientListScreen } from "./patients/PatientListScreen";
import { PatientScreen } from "./patients/PatientScreen";
import { ComboEditorScreen } from "./plans/ComboEditorScreen";
import { LibraryExerciseScreen, LibraryScreen } from "./library/LibraryScreen";
import { CombosScreen } from "./plans/CombosScreen";
import { MyProgressScreen } from "./progress/MyProgressScreen";
import { MyQuestionnairesScreen } from "./questionnaires/MyQuestionnairesScreen";
import { MonitoringScreen } from "./reports/MonitoringScreen";
import { AppointmentsScreen } from "./schedule/AppointmentsScreen";
import { ScheduleScreen } from "./schedule/ScheduleScreen";
import { Loading } from "./ui/Feedback";
import { UnsavedChangesGuard } from "./ui/UnsavedChanges";

// The camera exercise screen and the brain games are built separately and loaded on demand:
// they bring the pose models and game code, which other screens do not need.
const ExerciseScreen = lazy(() => import("./exercise/ExerciseScreen").then((m) => ({ default: m.ExerciseScreen })));
const BrainGamesScreen = lazy(() => import("./brain/BrainGamesScreen").then((m) => ({ default: m.BrainGamesScreen })));

function OnDemand({ children, label }: { children: ReactNode; label: string }) {
  return <Suspense fallback={<Loading label={label} page />}>{children}</Suspense>;
}

function HomeRedirect() {
  const { user } = useAuth();
  return <Navigate to={user ? homePathFor(user.role) : "/login"} replace />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginScreen />} />
      <Route path="/register" element={<RegisterScreen />} />
      <Route element={<RequireRole />}>
        <Route element={<AppShell />}>
          <Route index element={<HomeRedirect />} />
          <Route path="account" element={<AccountScreen />} />
          <Route path="notifications" element={<NotificationsScreen />} />

          <Route element={<RequireRole roles={["doctor", "patient"]} />}>
            <Route path="messages" element={<MessagesScreen />} />
            <Route path="messages/:userId" element={<MessagesScreen />} />
          </Route>

          <Route element={<RequireRole roles={["doctor"]} />}>
            <Route path="dashboard" element={<DoctorDashboardScreen />} />
            <Route path="patients" element={<PatientListScreen />} />
            <Route path="patients/:patientId" element={<PatientScreen />} />
            <Route path="patients/:patientId/:tab" element={<PatientScreen />} />
            <Route path="library" element={<LibraryScreen />} />
            <Route path="library/:code" element={<LibraryExerciseScreen />} />
            <Route path="routines" element={<CombosScreen />} />
            <Route path="routines/new" element={<ComboEditorScreen />} />
            <Route path="routines/:comboId" element={<ComboEditorScreen />} />
            <Route path="schedule" element={<ScheduleScreen />} />
            <Route path="monitoring" element={<MonitoringScreen />} />
          </Route>

          <Route element={<RequireRole roles={["patient"]} />}>
            <Route path="today" element={<PatientTodayScreen />} />
            <Route path="progress" element={<MyProgressScreen />} />
            <Route path="care" element={<MyCareScreen />} />
            <Route path="care/:tab" element={<MyCareScreen />} />
            <Route path="appointments" element={<AppointmentsScreen />} />
            <Route path="questionnaires" element={<MyQuestionnairesScreen />} />
            <Route
              path="exercise"
              element={
                <OnDemand label="Loading the exercise screen…">
                  <ExerciseScreen />
                </OnDemand>
              }
            />
            <Route
              path="brain"
              element={
                <OnDemand label="Loading the brain games…">
                  <BrainGamesScreen />
                </OnDemand>
              }
            />
          </Route>

          <Route element={<RequireRole roles={["admin"]} />}>
            <Route path="admin" element={<Navigate to="/admin/accounts" replace />} />
            <Route path="admin/accounts" element={<AccountsScreen />} />
            <Route path="admin/assignments" element={<AssignmentsScreen />} />
            <Route path="admin/audit" element={<AuditLogScreen />} />
          </Route>

          <Route path="*" element={<NotFoundScreen />} />
        </Route>
      </Route>
    </Routes>
  );
}

declare module "react-aria-components" {
  interface RouterConfig {
    routerOptions: NavigateOptions;
  }
}

/** react-aria's links and menus navigate through react-router, not by reloading the page. */
function AriaRouter({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  return (
    <RouterProvider navigate={(to, options) => void navigate(to, options)} useHref={useHref}>
      {children}
    </RouterProvider>
  );
}

function Root() {
  return (
    <AriaRouter>
      <AuthProvider>
        <UnsavedChangesGuard>
          <AppRoutes />
        </UnsavedChangesGuard>
      </AuthProvider>
    </AriaRouter>
  );
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  // A data router, so that an editor with unsaved changes can hold a navigation (useBlocker);
  // the routes themselves stay in <AppRoutes>.
  const [router] = useState(() => createBrowserRouter([{ path: "*", element: <Root /> }]));
  return (
    <QueryClientProvider client={queryClient}>
      <DataRouterProvider router={router} />
    </QueryClientProvider>
  );
}
