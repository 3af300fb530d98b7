/**
 * SPDX-License-Identifier: EPL-2.0
 */
package dev.strata.example.tasks;

import java.util.Date;

import org.eclipse.emf.common.util.EList;

import org.eclipse.emf.ecore.EObject;

/**
 * <!-- begin-user-doc -->
 * A representation of the model object '<em><b>Task</b></em>'.
 * <!-- end-user-doc -->
 *
 * <p>
 * The following features are supported:
 * </p>
 * <ul>
 *   <li>{@link dev.strata.example.tasks.Task#getTitle <em>Title</em>}</li>
 *   <li>{@link dev.strata.example.tasks.Task#getStatus <em>Status</em>}</li>
 *   <li>{@link dev.strata.example.tasks.Task#getPriority <em>Priority</em>}</li>
 *   <li>{@link dev.strata.example.tasks.Task#getCreated <em>Created</em>}</li>
 *   <li>{@link dev.strata.example.tasks.Task#getTags <em>Tags</em>}</li>
 *   <li>{@link dev.strata.example.tasks.Task#getDependsOn <em>Depends On</em>}</li>
 * </ul>
 *
 * @see dev.strata.example.tasks.TasksPackage#getTask()
 * @model
 * @generated
 */
public interface Task extends EObject {
	/**
	 * Returns the value of the '<em><b>Title</b></em>' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @return the value of the '<em>Title</em>' attribute.
	 * @see #setTitle(String)
	 * @see dev.strata.example.tasks.TasksPackage#getTask_Title()
	 * @model
	 * @generated
	 */
	String getTitle();

	/**
	 * Sets the value of the '{@link dev.strata.example.tasks.Task#getTitle <em>Title</em>}' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @param value the new value of the '<em>Title</em>' attribute.
	 * @see #getTitle()
	 * @generated
	 */
	void setTitle(String value);

	/**
	 * Returns the value of the '<em><b>Status</b></em>' attribute.
	 * The default value is <code>"OPEN"</code>.
	 * The literals are from the enumeration {@link dev.strata.example.tasks.TaskStatus}.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @return the value of the '<em>Status</em>' attribute.
	 * @see dev.strata.example.tasks.TaskStatus
	 * @see #setStatus(TaskStatus)
	 * @see dev.strata.example.tasks.TasksPackage#getTask_Status()
	 * @model default="OPEN"
	 *        annotation="http://strata.dev/index kind='equality'"
	 * @generated
	 */
	TaskStatus getStatus();

	/**
	 * Sets the value of the '{@link dev.strata.example.tasks.Task#getStatus <em>Status</em>}' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @param value the new value of the '<em>Status</em>' attribute.
	 * @see dev.strata.example.tasks.TaskStatus
	 * @see #getStatus()
	 * @generated
	 */
	void setStatus(TaskStatus value);

	/**
	 * Returns the value of the '<em><b>Priority</b></em>' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @return the value of the '<em>Priority</em>' attribute.
	 * @see #setPriority(int)
	 * @see dev.strata.example.tasks.TasksPackage#getTask_Priority()
	 * @model
	 * @generated
	 */
	int getPriority();

	/**
	 * Sets the value of the '{@link dev.strata.example.tasks.Task#getPriority <em>Priority</em>}' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @param value the new value of the '<em>Priority</em>' attribute.
	 * @see #getPriority()
	 * @generated
	 */
	void setPriority(int value);

	/**
	 * Returns the value of the '<em><b>Created</b></em>' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @return the value of the '<em>Created</em>' attribute.
	 * @see #setCreated(Date)
	 * @see dev.strata.example.tasks.TasksPackage#getTask_Created()
	 * @model annotation="http://strata.dev/index kind='ordered'"
	 * @generated
	 */
	Date getCreated();

	/**
	 * Sets the value of the '{@link dev.strata.example.tasks.Task#getCreated <em>Created</em>}' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @param value the new value of the '<em>Created</em>' attribute.
	 * @see #getCreated()
	 * @generated
	 */
	void setCreated(Date value);

	/**
	 * Returns the value of the '<em><b>Tags</b></em>' reference list.
	 * The list contents are of type {@link dev.strata.example.tasks.Tag}.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @return the value of the '<em>Tags</em>' reference list.
	 * @see dev.strata.example.tasks.TasksPackage#getTask_Tags()
	 * @model
	 * @generated
	 */
	EList<Tag> getTags();

	/**
	 * Returns the value of the '<em><b>Depends On</b></em>' reference list.
	 * The list contents are of type {@link dev.strata.example.tasks.Task}.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @return the value of the '<em>Depends On</em>' reference list.
	 * @see dev.strata.example.tasks.TasksPackage#getTask_DependsOn()
	 * @model
	 * @generated
	 */
	EList<Task> getDependsOn();

} // Task
