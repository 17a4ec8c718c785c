-- AlterTable
ALTER TABLE "Certificate" ADD COLUMN     "revokedReason" TEXT;
