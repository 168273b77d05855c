// Short names for the schemas the screens use, all generated from docs/openapi.json.
import type { components } from "./schema";

type Schemas = components["schemas"];

export type UserRead = Schemas["UserRead"];
export type UserRole = Schemas["UserRole"];
export type UserSummary = Schemas["UserSummary"];
export type PatientListItem = Schemas["PatientListItem"];
export type PatientProfile = Schemas["PatientProfile"];
export type MedicalRecord = Schemas["MedicalRecordRead"];
export type MedicalRecordCreate = Schemas["MedicalRecordCreate"];
export type PatientNote = Schemas["PatientNoteRead"];
export type Combo = Schemas["ComboRead"];
export type ComboCreate = Schemas["ComboCreate"];
export type ComboItem = Schemas["ComboItemRead"];
export type ExerciseType = Schemas["ExerciseType"];
export type Side = Schemas["Side"];
export type Weekday = Schemas["Weekday"];
export type WeekPlan = Schemas["WeekPlanRead"];
export type WeekPlanPut = Schemas["WeekPlanPut"];
export type TodayPlan = Schemas["telerehab__schemas__week_plan__TodayPlan"];
export type TodayItem = Schemas["TodayItem"];
export type WorkoutSession = Schemas["WorkoutSessionRead"];
export type SessionDetail = Schemas["SessionDetailRead"];
export type Schedule = Schemas["ScheduleRead"];
export type ScheduleStatus = Schemas["ScheduleStatus"];
export type Conversation = Schemas["ConversationRead"];
export type Message = Schemas["MessageRead"];
export type Notification = Schemas["NotificationRead"];
export type NotificationKind = Schemas["NotificationKind"];
export type DoctorDashboard = Schemas["DoctorDashboard"];
export type PatientDashboard = Schemas["PatientDashboard"];
export type WeekProgress = Schemas["WeekProgress"];
export type PatientAttention = Schemas["PatientAttention"];
export type AttentionReason = Schemas["AttentionReason"];
export type ActivityItem = Schemas["ActivityItem"];
export type DoctorProfile = Schemas["DoctorProfile"];
export type Assignment = Schemas["AssignmentRead"];
export type AuditEvent = Schemas["AuditEventRead"];
export type AuditOutcome = Schemas["AuditOutcome"];
export type RecordAccess = Schemas["RecordAccessRead"];
export type RangeOfMotionTrend = Schemas["RangeOfMotionTrend"];
export type RangeOfMotionPoint = Schemas["RangeOfMotionPoint"];
export type PainTrend = Schemas["PainTrend"];
export type AdherenceSeries = Schemas["AdherenceSeries"];
export type TrendBucket = Schemas["TrendBucket"];

/** A keyset page, as every list endpoint answers. */
export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}
export type Instrument = Schemas["InstrumentRead"];
export type QuestionnaireSchedule = Schemas["QuestionnaireScheduleRead"];
export type QuestionnaireScheduleCreate = Schemas["QuestionnaireScheduleCreate"];
export type QuestionnaireAnswer = Schemas["QuestionnaireAnswer"];
export type QuestionnaireResponse = Schemas["QuestionnaireResponseRead"];
export type LibraryExercise = Schemas["LibraryExerciseRead"];
export type Demonstration = Schemas["DemonstrationRead"];
export type KeyPose = Schemas["KeyPoseRead"];
export type BodyRegion = Schemas["BodyRegion"];
export type ExerciseGoal = Schemas["ExerciseGoal"];
export type SelfReportCreate = Schemas["SelfReportCreate"];
